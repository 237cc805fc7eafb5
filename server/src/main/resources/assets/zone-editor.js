// The zone editor of the camera page: click on the snapshot to add the points of a seat's outline,
// drag a point to move it, "Clear" to start again. The outline is kept, as JSON, in the form's
// polygon field, which also works by hand without this script.
(function () {
  'use strict';
  var editor = document.getElementById('zone-editor');
  var svg = document.getElementById('zone-canvas');
  var form = document.getElementById('zone-form');
  var field = document.getElementById('f-polygon');
  if (!editor || !svg || !form || !field) {
    return;
  }
  var NS = 'http://www.w3.org/2000/svg';
  var zones = JSON.parse(editor.getAttribute('data-zones') || '[]');
  var points = [];
  var editingZone = null;
  var dragging = -1;
  var moved = false;

  function parseField() {
    try {
      var value = JSON.parse(field.value || '[]');
      if (Array.isArray(value)) {
        points = value.filter(function (p) { return Array.isArray(p) && p.length === 2; });
      }
    } catch (e) {
      // Half-typed JSON: keep the points drawn so far.
    }
  }

  function writeField() {
    field.value = JSON.stringify(points.map(function (p) {
      return [Math.round(p[0] * 1000) / 1000, Math.round(p[1] * 1000) / 1000];
    }));
  }

  function el(name, attrs, parent) {
    var e = document.createElementNS(NS, name);
    Object.keys(attrs).forEach(function (k) { e.setAttribute(k, attrs[k]); });
    parent.appendChild(e);
    return e;
  }

  function scaled(p) {
    return (p[0] * 1000) + ',' + (p[1] * 1000);
  }

  function draw() {
    while (svg.firstChild) {
      svg.removeChild(svg.firstChild);
    }
    zones.forEach(function (z) {
      if (editingZone !== null && z.id === editingZone) {
        return;
      }
      el('polygon', {'class': 'zone', points: z.polygon.map(scaled).join(' '), 'data-zone': z.id}, svg);
      var c = centre(z.polygon);
      var label = el('text', {'class': 'zone-label', x: c[0] * 1000, y: c[1] * 1000}, svg);
      label.textContent = z.counterNumber;
    });
    if (points.length > 0) {
      el(points.length > 2 ? 'polygon' : 'polyline', {'class': 'zone editing', points: points.map(scaled).join(' ')}, svg);
    }
    points.forEach(function (p, i) {
      el('circle', {'class': 'vertex', cx: p[0] * 1000, cy: p[1] * 1000, r: 9, 'data-index': i}, svg);
    });
  }

  function centre(polygon) {
    var x = 0;
    var y = 0;
    polygon.forEach(function (p) { x += p[0]; y += p[1]; });
    return [x / polygon.length, y / polygon.length];
  }

  function position(event) {
    var r = svg.getBoundingClientRect();
    var x = Math.min(1, Math.max(0, (event.clientX - r.left) / r.width));
    var y = Math.min(1, Math.max(0, (event.clientY - r.top) / r.height));
    return [x, y];
  }

  svg.addEventListener('pointerdown', function (event) {
    var index = event.target.getAttribute && event.target.getAttribute('data-index');
    if (index !== null && index !== undefined) {
      dragging = Number(index);
      moved = false;
      svg.setPointerCapture(event.pointerId);
      event.preventDefault();
    }
  });
  svg.addEventListener('pointermove', function (event) {
    if (dragging >= 0) {
      points[dragging] = position(event);
      moved = true;
      writeField();
      draw();
    }
  });
  svg.addEventListener('pointerup', function (event) {
    if (dragging >= 0) {
      dragging = -1;
      return;
    }
    if (points.length >= 32) {
      return;
    }
    points.push(position(event));
    writeField();
    draw();
  });

  field.addEventListener('input', function () {
    parseField();
    draw();
  });

  document.getElementById('clear-zone').addEventListener('click', function () {
    points = [];
    writeField();
    draw();
  });

  Array.prototype.forEach.call(document.querySelectorAll('button.edit-zone'), function (button) {
    button.addEventListener('click', function () {
      var id = Number(button.getAttribute('data-zone'));
      var zone = zones.filter(function (z) { return z.id === id; })[0];
      if (!zone) {
        return;
      }
      editingZone = id;
      points = zone.polygon.map(function (p) { return [p[0], p[1]]; });
      form.setAttribute('action', form.getAttribute('data-base') + '/' + id);
      var counter = document.getElementById('counter-field');
      if (counter) {
        counter.hidden = true;
      }
      document.getElementById('zone-editing').textContent = button.closest('tr').querySelector('td').textContent.trim();
      writeField();
      draw();
      editor.scrollIntoView({behavior: 'smooth', block: 'center'});
    });
  });

  parseField();
  draw();
}());
