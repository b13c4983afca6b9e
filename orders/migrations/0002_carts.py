"""The cart models moved to the carts app (same tables): the foreign keys to them follow, in the state only.

An order's `draft_order_id` stays as it is, row for row, but as a plain column: draft orders sit above orders
and point at their order (draft_order.order_id), so orders no longer holds a foreign key into draft_orders.
"""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('carts', '0001_initial'),
        ('orders', '0001_initial'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name='order',
                    name='cart',
                    field=models.OneToOneField(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='order', to='carts.cart'),
                ),
                migrations.AlterField(
                    model_name='payment',
                    name='cart',
                    field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='payments', to='carts.cart'),
                ),
                migrations.AlterField(
                    model_name='paymentsession',
                    name='cart',
                    field=models.ForeignKey(null=True, on_delete=django.db.models.deletion.CASCADE, related_name='payment_sessions', to='carts.cart'),
                ),
            ],
        ),
        # the column keeps its name and values; only the constraint into draft_orders goes
        migrations.AlterField(
            model_name='order',
            name='draft_order',
            field=models.CharField(blank=True, db_column='draft_order_id', max_length=64, null=True, unique=True),
        ),
        migrations.RenameField(model_name='order', old_name='draft_order', new_name='draft_order_id'),
        migrations.AlterField(
            model_name='order',
            name='draft_order_id',
            field=models.CharField(blank=True, max_length=64, null=True, unique=True),
        ),
    ]
