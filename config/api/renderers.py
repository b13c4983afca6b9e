"""JSON responses rendered by orjson: the same bytes as REST framework's JSONRenderer, several times faster."""

import orjson
from rest_framework.renderers import JSONRenderer
from rest_framework.utils.encoders import JSONEncoder

_fallback = JSONEncoder()


class FastJSONRenderer(JSONRenderer):
    """REST framework's compact, UTF-8, key-ordered JSON: orjson writes the same, and the encoder of the
    JSONRenderer still takes what orjson does not know (lazy strings, Decimal…). Like the JSONRenderer, U+2028 and
    U+2029 are escaped for JavaScript. A float that is not finite is written as null, never as `NaN`.

    Floats print as their shortest round-trip digits, as both did; between 1e-6 and 1e-4 orjson writes plain
    digits (0.00005) as v1's JavaScript does, where the json module wrote 5e-05.
    """

    def render(self, data, accepted_media_type=None, renderer_context=None):
        if data is None:
            return b""
        try:
            rendered = orjson.dumps(data, default=_fallback.default, option=orjson.OPT_PASSTHROUGH_DATETIME)
        except orjson.JSONEncodeError:  # an integer past 64 bits, which metadata may hold: the json module writes it
            return super().render(data, accepted_media_type, renderer_context)
        if b"\xe2\x80\xa8" in rendered or b"\xe2\x80\xa9" in rendered:
            rendered = rendered.replace(b"\xe2\x80\xa8", b"\\u2028").replace(b"\xe2\x80\xa9", b"\\u2029")
        return rendered
