from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("customers", "0002_customer_password_hash"),
    ]

    operations = [
        migrations.AddField(
            model_name="address",
            name="cart_owned",
            field=models.BooleanField(default=False, editable=False),
        ),
    ]
