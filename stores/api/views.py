from drf_spectacular.utils import extend_schema
from rest_framework.response import Response

from config.api.views import MedusaAPIView
from stores.api.serializers import AdminExtendedStoresRes, ExtendedStoreSerializer
from stores.selectors import store_get


class StoreView(MedusaAPIView):
    @extend_schema(operation_id="GetStore", responses={200: AdminExtendedStoresRes}, tags=["Store"])
    def get(self, request):
        return Response({"store": ExtendedStoreSerializer(store_get()).data})
