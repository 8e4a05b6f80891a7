// The review page: pan and zoom the diagram, click a step/party/finding to highlight its path
// and show its details, filter by item or category. Reads only the page itself: no network.
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("review-data").textContent);
  var viewport = document.getElementById("viewport");
  var svg = viewport.querySelector("svg");
  var filter = document.getElementById("filter");
  var box = svg.viewBox.baseVal;
  var home = { x: box.x, y: box.y, w: box.width, h: box.height };
  var view = { x: home.x, y: home.y, w: home.w, h: home.h };

  function show() {
    svg.setAttribute("viewBox", [view.x, view.y, view.w, view.h].join(" "));
  }

  function toSvg(clientX, clientY) {
    var point = svg.createSVGPoint();
    point.x = clientX;
    point.y = clientY;
    return point.matrixTransform(svg.getScreenCTM().inverse());
  }

  function zoom(factor, center) {
    var c = center || { x: view.x + view.w / 2, y: view.y + view.h / 2 };
    var w = Math.min(Math.max(view.w * factor, home.w / 40), home.w * 4);
    var f = w / view.w;
    view = { x: c.x - (c.x - view.x) * f, y: c.y - (c.y - view.y) * f, w: w, h: view.h * f };
    show();
  }

  function fit() {
    view = { x: home.x, y: home.y, w: home.w, h: home.h };
    show();
  }

  function zoomTo(elements) {
    var left = Infinity, top = Infinity, right = -Infinity, bottom = -Infinity;
    elements.forEach(function (el) {
      var r = el.getBoundingClientRect();
      if (!r.width && !r.height) { return; }
      var a = toSvg(r.left, r.top), b = toSvg(r.right, r.bottom);
      left = Math.min(left, a.x); top = Math.min(top, a.y);
      right = Math.max(right, b.x); bottom = Math.max(bottom, b.y);
    });
    if (left === Infinity) { return; }
    var pad = 40, w = right - left + 2 * pad, h = bottom - top + 2 * pad;
    var rect = viewport.getBoundingClientRect();
    var aspect = rect.height > 0 ? rect.width / rect.height : home.w / home.h;
    if (w / h < aspect) { w = h * aspect; } else { h = w / aspect; }
    view = { x: (left + right) / 2 - w / 2, y: (top + bottom) / 2 - h / 2, w: w, h: h };
    show();
  }

  function clear() {
    svg.classList.remove("focus");
    svg.querySelectorAll(".hl").forEach(function (el) { el.classList.remove("hl"); });
    document.querySelectorAll("li.finding.active").forEach(function (el) { el.classList.remove("active"); });
    document.querySelectorAll("section.detail").forEach(function (el) { el.hidden = true; });
    document.getElementById("details-empty").hidden = false;
  }

  // Highlight a target's path, show its details; ``focus`` also zooms the diagram onto it.
  function select(key, focus) {
    clear();
    if (!key) { return; }
    var ids = data.paths[key] || [];
    var elements = ids.map(function (id) { return document.getElementById(id); })
      .filter(function (el) { return el && svg.contains(el); });
    elements.forEach(function (el) { el.classList.add("hl"); });
    if (elements.length) { svg.classList.add("focus"); }
    var detail = document.getElementById("detail-" + key);
    if (detail) {
      detail.hidden = false;
      document.getElementById("details-empty").hidden = true;
    }
    if (focus) { zoomTo(elements); }
  }

  // Dragging pans; a click that did not move selects what is under the pointer.
  var drag = null, moved = false;
  viewport.addEventListener("pointerdown", function (e) {
    drag = { x: e.clientX, y: e.clientY, view: { x: view.x, y: view.y, w: view.w, h: view.h } };
    moved = false;
  });
  window.addEventListener("pointermove", function (e) {
    if (!drag) { return; }
    var dx = e.clientX - drag.x, dy = e.clientY - drag.y;
    if (Math.abs(dx) + Math.abs(dy) > 3) {
      moved = true;
      viewport.classList.add("dragging");
    }
    if (!moved) { return; }
    var scale = view.w / viewport.getBoundingClientRect().width;
    view = { x: drag.view.x - dx * scale, y: drag.view.y - dy * scale, w: view.w, h: view.h };
    show();
  });
  window.addEventListener("pointerup", function () {
    drag = null;
    viewport.classList.remove("dragging");
  });
  viewport.addEventListener("wheel", function (e) {
    e.preventDefault();
    zoom(e.deltaY < 0 ? 1 / 1.2 : 1.2, toSvg(e.clientX, e.clientY));
  }, { passive: false });
  svg.addEventListener("click", function (e) {
    if (moved) { return; }
    var el = e.target.closest("g[id]");
    while (el && !(el.id in data.clicks)) { el = el.parentElement ? el.parentElement.closest("g[id]") : null; }
    filter.value = "";
    select(el ? data.clicks[el.id] : null, false);
  });

  document.querySelectorAll("li.finding button.show").forEach(function (button) {
    button.addEventListener("click", function () {
      filter.value = "";
      select(button.getAttribute("data-key"), true);
      button.closest("li.finding").classList.add("active");
    });
  });
  filter.addEventListener("change", function () { select(filter.value, true); });
  document.getElementById("zoom-in").addEventListener("click", function () { zoom(1 / 1.5); });
  document.getElementById("zoom-out").addEventListener("click", function () { zoom(1.5); });
  document.getElementById("zoom-fit").addEventListener("click", fit);
  document.getElementById("clear").addEventListener("click", function () { filter.value = ""; clear(); fit(); });
  window.addEventListener("beforeprint", fit);
  fit();
}());
