"""The cart models move here from draft_orders with their tables, so no row moves.

The models are added to this app's state only (the tables exist: draft_orders' first migrations made them, on
a new database as on an old one), as they were; draft_orders.0003 then drops them from its state. The content
types follow the models, so permissions and admin log entries keep pointing at them.
"""

import config.models
import django.db.models.deletion
from django.db import migrations, models


MOVED = [
    'cart', 'lineitem', 'lineitemadjustment', 'lineitemtaxline', 'shippingmethod', 'shippingmethodtaxline',
    'customshippingoption',
]


def content_types_follow(apps, schema_editor, *, source="draft_orders", target="carts"):
    ContentType = apps.get_model("contenttypes", "ContentType")
    ContentType.objects.filter(app_label=source, model__in=MOVED).update(app_label=target)


def content_types_return(apps, schema_editor):
    content_types_follow(apps, schema_editor, source="carts", target="draft_orders")


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('contenttypes', '0002_remove_content_type_name'),
        ('draft_orders', '0002_initial'),
        ('customers', '0002_customer_password_hash'),
        ('discounts', '0001_initial'),
        ('orders', '0001_initial'),
        ('products', '0001_initial'),
        ('regions', '0002_seed'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='Cart',
                    fields=[
                        ('created_at', models.DateTimeField(auto_now_add=True, db_index=True)),
                        ('updated_at', models.DateTimeField(auto_now=True)),
                        ('id', config.models.PrefixedIdField(prefix='cart', serialize=False)),
                        ('deleted_at', models.DateTimeField(blank=True, null=True)),
                        ('email', models.EmailField(blank=True, max_length=254, null=True)),
                        ('type', models.CharField(choices=[('default', 'Default'), ('swap', 'Swap'), ('draft_order', 'Draft Order'), ('payment_link', 'Payment Link'), ('claim', 'Claim')], default='default', max_length=16)),
                        ('completed_at', models.DateTimeField(blank=True, null=True)),
                        ('payment_authorized_at', models.DateTimeField(blank=True, null=True)),
                        ('idempotency_key', models.CharField(blank=True, max_length=255, null=True)),
                        ('context', models.JSONField(blank=True, default=dict)),
                        ('metadata', models.JSONField(blank=True, null=True)),
                        ('sales_channel_id', models.CharField(blank=True, max_length=64, null=True)),
                        ('billing_address', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='customers.address')),
                        ('customer', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='carts', to='customers.customer')),
                        ('discounts', models.ManyToManyField(blank=True, db_table='draft_orders_cart_discounts', related_name='+', to='discounts.discount')),
                        ('payment', models.OneToOneField(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='orders.payment')),
                        ('region', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='regions.region')),
                        ('shipping_address', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='customers.address')),
                            ],
                            options={
                                'db_table': 'draft_orders_cart',
                            },
                        ),
                        migrations.CreateModel(
                            name='LineItem',
                            fields=[
                                ('created_at', models.DateTimeField(auto_now_add=True, db_index=True)),
                                ('updated_at', models.DateTimeField(auto_now=True)),
                                ('id', config.models.PrefixedIdField(prefix='item', serialize=False)),
                                ('title', models.CharField(max_length=255)),
                                ('description', models.TextField(blank=True, null=True)),
                                ('thumbnail', models.CharField(blank=True, max_length=1024, null=True)),
                                ('is_return', models.BooleanField(default=False)),
                                ('is_giftcard', models.BooleanField(default=False)),
                                ('should_merge', models.BooleanField(default=True)),
                                ('allow_discounts', models.BooleanField(default=True)),
                                ('has_shipping', models.BooleanField(blank=True, null=True)),
                                ('unit_price', models.IntegerField()),
                                ('quantity', models.IntegerField()),
                                ('fulfilled_quantity', models.IntegerField(blank=True, null=True)),
                                ('returned_quantity', models.IntegerField(blank=True, null=True)),
                                ('shipped_quantity', models.IntegerField(blank=True, null=True)),
                                ('metadata', models.JSONField(blank=True, default=dict)),
                                ('cart', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='items', to='carts.cart')),
                                ('order', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='items', to='orders.order')),
                                ('variant', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='products.productvariant')),
                            ],
                            options={
                                'db_table': 'draft_orders_lineitem',
                                'ordering': ['created_at', 'id'],
                            },
                        ),
                        migrations.CreateModel(
                            name='LineItemAdjustment',
                            fields=[
                                ('id', config.models.PrefixedIdField(prefix='lia', serialize=False)),
                                ('description', models.CharField(max_length=255)),
                                ('amount', models.FloatField()),
                                ('metadata', models.JSONField(blank=True, null=True)),
                                ('discount', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='+', to='discounts.discount')),
                                ('item', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='adjustments', to='carts.lineitem')),
                            ],
                            options={
                                'db_table': 'draft_orders_lineitemadjustment',
                                'ordering': ['id'],
                            },
                        ),
                        migrations.CreateModel(
                            name='LineItemTaxLine',
                            fields=[
                                ('created_at', models.DateTimeField(auto_now_add=True, db_index=True)),
                                ('updated_at', models.DateTimeField(auto_now=True)),
                                ('rate', models.FloatField()),
                                ('name', models.CharField(max_length=255)),
                                ('code', models.CharField(blank=True, max_length=255, null=True)),
                                ('metadata', models.JSONField(blank=True, null=True)),
                                ('id', config.models.PrefixedIdField(prefix='litl', serialize=False)),
                                ('item', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='tax_lines', to='carts.lineitem')),
                            ],
                            options={
                                'db_table': 'draft_orders_lineitemtaxline',
                            },
                        ),
                        migrations.CreateModel(
                            name='ShippingMethod',
                            fields=[
                                ('id', config.models.PrefixedIdField(prefix='sm', serialize=False)),
                                ('price', models.IntegerField()),
                                ('data', models.JSONField(blank=True, default=dict)),
                                ('cart', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='shipping_methods', to='carts.cart')),
                                ('order', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='shipping_methods', to='orders.order')),
                                ('shipping_option', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='regions.shippingoption')),
                            ],
                            options={
                                'db_table': 'draft_orders_shippingmethod',
                                'ordering': ['id'],
                            },
                        ),
                        migrations.CreateModel(
                            name='ShippingMethodTaxLine',
                            fields=[
                                ('created_at', models.DateTimeField(auto_now_add=True, db_index=True)),
                                ('updated_at', models.DateTimeField(auto_now=True)),
                                ('rate', models.FloatField()),
                                ('name', models.CharField(max_length=255)),
                                ('code', models.CharField(blank=True, max_length=255, null=True)),
                                ('metadata', models.JSONField(blank=True, null=True)),
                                ('id', config.models.PrefixedIdField(prefix='smtl', serialize=False)),
                                ('shipping_method', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='tax_lines', to='carts.shippingmethod')),
                            ],
                            options={
                                'db_table': 'draft_orders_shippingmethodtaxline',
                            },
                        ),
                        migrations.CreateModel(
                            name='CustomShippingOption',
                            fields=[
                                ('created_at', models.DateTimeField(auto_now_add=True, db_index=True)),
                                ('updated_at', models.DateTimeField(auto_now=True)),
                                ('id', config.models.PrefixedIdField(prefix='cso', serialize=False)),
                                ('deleted_at', models.DateTimeField(blank=True, null=True)),
                                ('price', models.IntegerField()),
                                ('metadata', models.JSONField(blank=True, null=True)),
                                ('cart', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='custom_shipping_options', to='carts.cart')),
                                ('shipping_option', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='regions.shippingoption')),
                            ],
                            options={
                                'db_table': 'draft_orders_customshippingoption',
                                'constraints': [models.CheckConstraint(condition=models.Q(('price__gte', 0)), name='custom_shipping_option_price_gte_0'), models.UniqueConstraint(fields=('shipping_option', 'cart'), name='custom_shipping_option_cart_unique')],
                            },
                        ),
                        migrations.AddConstraint(
                            model_name='lineitem',
                            constraint=models.CheckConstraint(condition=models.Q(('quantity__gt', 0)), name='line_item_quantity_gt_0'),
                        ),
                        migrations.AddConstraint(
                            model_name='lineitem',
                            constraint=models.CheckConstraint(condition=models.Q(('cart__isnull', False), ('order__isnull', False), _connector='OR'), name='line_item_belongs_to_cart_or_order'),
                        ),
                        migrations.AddConstraint(
                            model_name='lineitemadjustment',
                            constraint=models.UniqueConstraint(condition=models.Q(('discount__isnull', False)), fields=('discount', 'item'), name='line_item_adjustment_discount_item_unique'),
                        ),
                        migrations.AddConstraint(
                            model_name='lineitemtaxline',
                            constraint=models.UniqueConstraint(fields=('item', 'code'), name='line_item_tax_line_item_code_unique'),
                        ),
                        migrations.AddConstraint(
                            model_name='shippingmethod',
                            constraint=models.CheckConstraint(condition=models.Q(('price__gte', 0)), name='shipping_method_price_gte_0'),
                        ),
                        migrations.AddConstraint(
                            model_name='shippingmethod',
                            constraint=models.CheckConstraint(condition=models.Q(('cart__isnull', False), ('order__isnull', False), _connector='OR'), name='shipping_method_belongs_to_cart_or_order'),
                        ),
                        migrations.AddConstraint(
                            model_name='shippingmethodtaxline',
                            constraint=models.UniqueConstraint(fields=('shipping_method', 'code'), name='shipping_method_tax_line_method_code_unique'),
                        ),
            ],
        ),
        migrations.RunPython(content_types_follow, content_types_return),
    ]
