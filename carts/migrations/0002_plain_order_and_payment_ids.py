"""The cart's rows keep their `order_id` and the cart its `payment_id`, row for row, as plain columns: orders sit
above carts and point at them (order.cart_id, payment.cart_id), so the cart holds no foreign key into orders."""

from django.db import migrations, models


def plain_column(name: str, **options):
    return models.CharField(blank=True, db_column=name, max_length=64, null=True, **options)


class Migration(migrations.Migration):

    dependencies = [
        ('carts', '0001_initial'),
        ('draft_orders', '0003_carts'),
    ]

    operations = [
        migrations.RemoveConstraint(model_name='lineitem', name='line_item_belongs_to_cart_or_order'),
        migrations.RemoveConstraint(model_name='shippingmethod', name='shipping_method_belongs_to_cart_or_order'),
        migrations.AlterField(model_name='lineitem', name='order', field=plain_column('order_id', db_index=True)),
        migrations.RenameField(model_name='lineitem', old_name='order', new_name='order_id'),
        migrations.AlterField(
            model_name='lineitem',
            name='order_id',
            field=models.CharField(blank=True, db_index=True, max_length=64, null=True),
        ),
        migrations.AlterField(model_name='shippingmethod', name='order', field=plain_column('order_id', db_index=True)),
        migrations.RenameField(model_name='shippingmethod', old_name='order', new_name='order_id'),
        migrations.AlterField(
            model_name='shippingmethod',
            name='order_id',
            field=models.CharField(blank=True, db_index=True, max_length=64, null=True),
        ),
        migrations.AlterField(model_name='cart', name='payment', field=plain_column('payment_id', unique=True)),
        migrations.RenameField(model_name='cart', old_name='payment', new_name='payment_id'),
        migrations.AlterField(
            model_name='cart',
            name='payment_id',
            field=models.CharField(blank=True, max_length=64, null=True, unique=True),
        ),
        migrations.AddConstraint(
            model_name='lineitem',
            constraint=models.CheckConstraint(condition=models.Q(('cart__isnull', False), ('order_id__isnull', False), _connector='OR'), name='line_item_belongs_to_cart_or_order'),
        ),
        migrations.AddConstraint(
            model_name='shippingmethod',
            constraint=models.CheckConstraint(condition=models.Q(('cart__isnull', False), ('order_id__isnull', False), _connector='OR'), name='shipping_method_belongs_to_cart_or_order'),
        ),
    ]
