/* Fireside: choose the square of a photo before it is sent. Progressive enhancement: without
   this script the three crop fields stay empty and the server takes the middle square. The
   fields hold pixels of the upright picture, as browsers show it and as the server reads it. */
(function () {
  "use strict";
  var input = document.querySelector("[data-photo-input]");
  var box = document.getElementById("photo-crop");
  var controls = document.getElementById("photo-crop-controls");
  if (!input || !box || !controls || !window.FileReader) { return; }
  var form = input.form;
  var frame = box.querySelector(".frame");
  // Made here, not in the page: an <img> needs a source, and there is none until a photo is chosen.
  var img = document.createElement("img");
  img.alt = box.getAttribute("data-alt") || "";
  box.insertBefore(img, frame);
  var zoom = document.getElementById("photo-zoom");
  var MIN = parseInt(box.getAttribute("data-min-side") || "64", 10);
  var natural = { w: 0, h: 0 };
  var crop = { x: 0, y: 0, size: 0 };
  var drag = null;

  function clear() {
    form.elements.crop_x.value = "";
    form.elements.crop_y.value = "";
    form.elements.crop_size.value = "";
  }
  function clamp() {
    var most = Math.min(natural.w, natural.h);
    crop.size = Math.max(Math.min(MIN, most), Math.min(crop.size, most));
    crop.x = Math.max(0, Math.min(crop.x, natural.w - crop.size));
    crop.y = Math.max(0, Math.min(crop.y, natural.h - crop.size));
  }
  function draw() {
    if (!natural.w) { return; }
    clamp();
    var scale = img.clientWidth / natural.w;
    frame.style.left = crop.x * scale + "px";
    frame.style.top = crop.y * scale + "px";
    frame.style.width = crop.size * scale + "px";
    frame.style.height = crop.size * scale + "px";
    form.elements.crop_x.value = Math.round(crop.x);
    form.elements.crop_y.value = Math.round(crop.y);
    form.elements.crop_size.value = Math.floor(crop.size);
  }
  input.addEventListener("change", function () {
    clear();
    var file = input.files && input.files[0];
    box.hidden = true;
    controls.hidden = true;
    natural = { w: 0, h: 0 };
    if (!file || file.type.indexOf("image/") !== 0) { return; }
    var reader = new FileReader();
    reader.onload = function () { img.src = reader.result; };
    reader.readAsDataURL(file);
  });
  img.addEventListener("load", function () {
    natural = { w: img.naturalWidth, h: img.naturalHeight };
    var side = Math.min(natural.w, natural.h);
    crop = { x: (natural.w - side) / 2, y: (natural.h - side) / 2, size: side };
    zoom.value = "100";
    box.hidden = false;
    controls.hidden = false;
    draw();
  });
  img.addEventListener("error", function () { clear(); box.hidden = true; controls.hidden = true; });
  zoom.addEventListener("input", function () {
    var centreX = crop.x + crop.size / 2;
    var centreY = crop.y + crop.size / 2;
    crop.size = Math.min(natural.w, natural.h) * parseInt(zoom.value, 10) / 100;
    crop.x = centreX - crop.size / 2;
    crop.y = centreY - crop.size / 2;
    draw();
  });
  frame.addEventListener("pointerdown", function (event) {
    drag = { x: event.clientX, y: event.clientY, cropX: crop.x, cropY: crop.y };
    frame.setPointerCapture(event.pointerId);
    event.preventDefault();
  });
  frame.addEventListener("pointermove", function (event) {
    if (!drag) { return; }
    var scale = img.clientWidth / natural.w;
    crop.x = drag.cropX + (event.clientX - drag.x) / scale;
    crop.y = drag.cropY + (event.clientY - drag.y) / scale;
    draw();
  });
  frame.addEventListener("pointerup", function () { drag = null; });
  frame.addEventListener("pointercancel", function () { drag = null; });
  frame.addEventListener("keydown", function (event) {
    var step = Math.max(1, Math.round(crop.size / 20));
    var moves = { ArrowLeft: [-step, 0], ArrowRight: [step, 0], ArrowUp: [0, -step], ArrowDown: [0, step] };
    var move = moves[event.key];
    if (!move) { return; }
    crop.x += move[0];
    crop.y += move[1];
    draw();
    event.preventDefault();
  });
  window.addEventListener("resize", draw);
})();
