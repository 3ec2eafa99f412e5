"""Making QSvgGenerator's output plain SVG that every renderer draws alike.

QSvgGenerator writes each painter state as a ``<g transform="matrix(...)">``
and keeps shapes in the coordinates they were painted in: a chart's lines in
data units (years, % of GDP) under a matrix scaled about 100 times, with
``vector-effect="non-scaling-stroke"`` for cosmetic pens. Inkscape honours
that; librsvg, LibreOffice and ImageMagick ignore the vector effect and draw a
2-unit stroke 100 times wide, as filled bands (issue 9, item 3).

``flatten`` maps every shape's coordinates through its group's matrix into
the SVG's own units, drops the transform and the vector effect, and gives each
stroke its real width (a cosmetic pen keeps its width; any other pen is
scaled by the matrix). Text and images keep their transform: scaling text is
drawn the same everywhere. Shapes the generator writes and this module knows:
path (absolute M, L, C, Q, Z), polyline, polygon, line, rect, circle and
ellipse; a rect or ellipse under a rotation becomes a path.
"""

from __future__ import annotations

import math
import re
import xml.etree.ElementTree as ET

__all__ = ["flatten", "set_physical_size"]

_SVG = "http://www.w3.org/2000/svg"
_XLINK = "http://www.w3.org/1999/xlink"
ET.register_namespace("", _SVG)
ET.register_namespace("xlink", _XLINK)

_MATRIX = re.compile(r"matrix\(([^)]*)\)")
_NUMBER = re.compile(r"[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?")
_TOKEN = re.compile(r"[A-Za-z]|[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?")
_SHAPES = {"path", "polyline", "polygon", "line", "rect", "circle", "ellipse"}

Matrix = tuple[float, float, float, float, float, float]


def _tag(element: ET.Element) -> str:
    return element.tag.rsplit("}", 1)[-1]


def _fmt(value: float) -> str:
    text = f"{value:.3f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def _apply(m: Matrix, x: float, y: float) -> tuple[float, float]:
    a, b, c, d, e, f = m
    return a * x + c * y + e, b * x + d * y + f


def _map_path(d: str, m: Matrix) -> str:
    """Absolute path data through ``m`` (QSvgGenerator writes M, L, C and Z only)."""
    out: list[str] = []
    tokens = _TOKEN.findall(d)
    numbers: list[float] = []
    command = ""

    def flush() -> None:
        pairs = [_apply(m, numbers[i], numbers[i + 1]) for i in range(0, len(numbers) - 1, 2)]
        out.append(command + " ".join(f"{_fmt(x)},{_fmt(y)}" for x, y in pairs))

    for token in tokens:
        if token.isalpha():
            if command:
                flush()
            if token not in "MLCQZ":
                raise ValueError(f"path command {token} is not supported")
            command, numbers = token, []
        else:
            numbers.append(float(token))
    if command:
        flush()
    return " ".join(out)


def _stroke_scale(m: Matrix) -> float:
    a, b, c, d, _e, _f = m
    return math.sqrt(abs(a * d - b * c))


def _flatten_shape(shape: ET.Element, m: Matrix, group_width: str | None, group_dash: str | None) -> ET.Element:
    tag = _tag(shape)
    cosmetic = shape.get("vector-effect") == "non-scaling-stroke"
    shape.attrib.pop("vector-effect", None)
    rotated = m[1] != 0 or m[2] != 0
    if tag == "path":
        shape.set("d", _map_path(shape.get("d", ""), m))
    elif tag in ("polyline", "polygon"):
        values = [float(v) for v in _NUMBER.findall(shape.get("points", ""))]
        pairs = [_apply(m, values[i], values[i + 1]) for i in range(0, len(values) - 1, 2)]
        shape.set("points", " ".join(f"{_fmt(x)},{_fmt(y)}" for x, y in pairs))
    elif tag == "line":
        x1, y1 = _apply(m, float(shape.get("x1", 0)), float(shape.get("y1", 0)))
        x2, y2 = _apply(m, float(shape.get("x2", 0)), float(shape.get("y2", 0)))
        for key, value in (("x1", x1), ("y1", y1), ("x2", x2), ("y2", y2)):
            shape.set(key, _fmt(value))
    elif tag == "rect":
        x, y = float(shape.get("x", 0)), float(shape.get("y", 0))
        w, h = float(shape.get("width", 0)), float(shape.get("height", 0))
        if rotated:
            shape = _as_path(shape, f"M{x},{y} L{x + w},{y} L{x + w},{y + h} L{x},{y + h} Z", m)
        else:
            (x0, y0), (x1, y1) = _apply(m, x, y), _apply(m, x + w, y + h)
            shape.set("x", _fmt(min(x0, x1)))
            shape.set("y", _fmt(min(y0, y1)))
            shape.set("width", _fmt(abs(x1 - x0)))
            shape.set("height", _fmt(abs(y1 - y0)))
    elif tag in ("circle", "ellipse"):
        cx, cy = float(shape.get("cx", 0)), float(shape.get("cy", 0))
        rx = float(shape.get("r", shape.get("rx", 0)))
        ry = float(shape.get("r", shape.get("ry", 0)))
        if rotated:
            k = 0.5523  # cubic Bézier approximation of a quarter ellipse
            d = (f"M{cx + rx},{cy} C{cx + rx},{cy + k * ry} {cx + k * rx},{cy + ry} {cx},{cy + ry} "
                 f"C{cx - k * rx},{cy + ry} {cx - rx},{cy + k * ry} {cx - rx},{cy} "
                 f"C{cx - rx},{cy - k * ry} {cx - k * rx},{cy - ry} {cx},{cy - ry} "
                 f"C{cx + k * rx},{cy - ry} {cx + rx},{cy - k * ry} {cx + rx},{cy} Z")
            shape = _as_path(shape, d, m)
        else:
            ncx, ncy = _apply(m, cx, cy)
            shape.tag = f"{{{_SVG}}}ellipse"
            for key in ("r", "cx", "cy"):
                shape.attrib.pop(key, None)
            shape.set("cx", _fmt(ncx))
            shape.set("cy", _fmt(ncy))
            shape.set("rx", _fmt(abs(rx * m[0])))
            shape.set("ry", _fmt(abs(ry * m[3])))
    # The stroke in the SVG's own units: a cosmetic pen's width already is.
    factor = 1.0 if cosmetic else _stroke_scale(m)
    width = shape.get("stroke-width", group_width)
    if width is not None:
        shape.set("stroke-width", _fmt(float(width) * factor))
    dash = shape.get("stroke-dasharray", group_dash)
    if dash is not None and dash != "none":
        shape.set("stroke-dasharray", ",".join(_fmt(float(v) * factor) for v in _NUMBER.findall(dash)))
    return shape


def _as_path(shape: ET.Element, d: str, m: Matrix) -> ET.Element:
    path = ET.Element(f"{{{_SVG}}}path", {k: v for k, v in shape.attrib.items()
                                          if k not in ("x", "y", "width", "height", "cx", "cy", "r", "rx", "ry")})
    path.set("d", _map_path(d, m))
    path.tail = shape.tail
    return path


def _flatten_group(group: ET.Element, m: Matrix) -> list[ET.Element]:
    """``group`` as one or more groups: shapes flattened, anything else kept under the matrix."""
    width, dash = group.get("stroke-width"), group.get("stroke-dasharray")
    runs: list[tuple[bool, list[ET.Element]]] = []
    for child in list(group):
        is_shape = _tag(child) in _SHAPES
        if not runs or runs[-1][0] != is_shape:
            runs.append((is_shape, []))
        runs[-1][1].append(_flatten_shape(child, m, width, dash) if is_shape else child)
    if not runs:
        return []  # an empty state change: nothing to keep
    result = []
    for is_shape, children in runs:
        clone = ET.Element(group.tag, dict(group.attrib))
        clone.text, clone.tail = group.text, group.tail
        if is_shape:
            clone.attrib.pop("transform", None)
            # Widths and dashes now sit on each shape, in the SVG's units.
            clone.attrib.pop("stroke-width", None)
            clone.attrib.pop("stroke-dasharray", None)
        clone.extend(children)
        result.append(clone)
    return result


def _walk(parent: ET.Element) -> None:
    index = 0
    while index < len(parent):
        child = parent[index]
        match = _MATRIX.fullmatch(child.get("transform", "").strip()) if _tag(child) == "g" else None
        if match is not None:
            values = [float(v) for v in _NUMBER.findall(match.group(1))]
            if len(values) == 6:
                replacement = _flatten_group(child, (values[0], values[1], values[2],
                                                     values[3], values[4], values[5]))
                parent[index:index + 1] = replacement
                index += len(replacement)
                continue
        if _tag(child) == "g":
            _walk(child)
        index += 1


def _serialise(root: ET.Element) -> bytes:
    body: bytes = ET.tostring(root, encoding="utf-8", xml_declaration=False)
    return b'<?xml version="1.0" encoding="UTF-8" standalone="no"?>\n' + body


def flatten(svg: bytes) -> bytes:
    """QSvgGenerator output with shapes in the SVG's own units and real stroke widths."""
    root = ET.fromstring(svg)
    _walk(root)
    return _serialise(root)


def set_physical_size(svg: bytes, width_mm: float, height_mm: float) -> bytes:
    """Give the SVG its size on paper (the viewBox, its own units, is unchanged)."""
    root = ET.fromstring(svg)
    root.set("width", f"{_fmt(width_mm)}mm")
    root.set("height", f"{_fmt(height_mm)}mm")
    return _serialise(root)
