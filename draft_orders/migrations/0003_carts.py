"""The cart models moved to the carts app with their tables (carts.0001): drop them from this app's state only.
An order now finds the draft order it came from through the draft order's own foreign key (`order.draft_order`)."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('carts', '0001_initial'),
        ('draft_orders', '0002_initial'),
        ('orders', '0002_carts'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name='draftorder',
                    name='cart',
                    field=models.OneToOneField(null=True, on_delete=django.db.models.deletion.CASCADE, related_name='draft_order', to='carts.cart'),
                ),
                migrations.AlterField(
                    model_name='draftorder',
                    name='order',
                    field=models.OneToOneField(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='draft_order', to='orders.order'),
                ),
                migrations.DeleteModel(name='LineItemTaxLine'),
                migrations.DeleteModel(name='LineItemAdjustment'),
                migrations.DeleteModel(name='ShippingMethodTaxLine'),
                migrations.DeleteModel(name='CustomShippingOption'),
                migrations.DeleteModel(name='LineItem'),
                migrations.DeleteModel(name='ShippingMethod'),
                migrations.DeleteModel(name='Cart'),
            ],
        ),
    ]
