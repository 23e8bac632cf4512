/* The survey builder, progressive enhancement (the builder works without this file: every
   button sends the form and the server does the same move).

   With it: "Add a question", "Move up", "Move down" and "Remove" happen in the page; each
   question has a handle to drag it (mouse or finger) or to move it with the arrow keys;
   the options field shows only for choice questions. Fields keep the server's names
   (q<n>_text …), renumbered after every move, so what is sent is what the server expects.
   A polite live region says what happened. */
(function () {
  "use strict";

  var form = document.querySelector("[data-survey-builder]");
  if (!form) return;
  var list = form.querySelector("[data-slots]");
  var status = form.querySelector("[data-builder-status]");
  var count = form.querySelector('input[name="slots"]');
  var CHOICES = { choice: true, multiple: true };

  function say(template, n) {
    if (status) status.textContent = (template || "").replace("%s", n);
  }

  function slots() {
    return Array.prototype.slice.call(list.querySelectorAll("[data-slot]"));
  }

  function renumber() {
    var all = slots();
    all.forEach(function (slot, index) {
      var n = index + 1;
      slot.id = "slot-" + n;
      ["name", "id", "for", "aria-describedby"].forEach(function (attr) {
        slot.querySelectorAll("[" + attr + "]").forEach(function (el) {
          el.setAttribute(attr, el.getAttribute(attr).replace(/q\d+_/g, "q" + n + "_"));
        });
      });
      slot.querySelectorAll("[data-n]").forEach(function (el) { el.textContent = n; });
      slot.querySelectorAll("button[data-op]").forEach(function (button) {
        var op = button.getAttribute("data-op");
        button.value = op + "-" + n;
        if (op === "up") button.disabled = n === 1;
        if (op === "down") button.disabled = n === all.length;
      });
      var handle = slot.querySelector("[data-handle]");
      if (handle) handle.setAttribute("aria-label", (form.getAttribute("data-handle-label") || "").replace("%s", n));
    });
    if (count) count.value = all.length;
  }

  function toggleOptions(slot) {
    var kind = slot.querySelector('select[name$="_kind"]');
    var options = slot.querySelector("[data-options]");
    if (kind && options) options.hidden = !CHOICES[kind.value];
  }

  function textOf(slot) {
    return slot.querySelector('input[name$="_text"]');
  }

  function add() {
    var all = slots();
    var last = all[all.length - 1];
    var slot = last.cloneNode(true);
    slot.classList.remove("has-error");
    slot.querySelectorAll(".has-error").forEach(function (el) { el.classList.remove("has-error"); });
    slot.querySelectorAll(".errorlist").forEach(function (el) { el.remove(); });
    slot.querySelectorAll("input[type=text], textarea").forEach(function (el) { el.value = ""; el.removeAttribute("autofocus"); });
    slot.querySelectorAll("input[type=checkbox]").forEach(function (el) { el.checked = false; });
    slot.querySelectorAll("select").forEach(function (el) { el.selectedIndex = 0; });
    // Counters (forms.js) are set up afresh for the new fields.
    slot.querySelectorAll("[data-counter]").forEach(function (counter) {
      delete counter.dataset.ready;
      var spoken = counter.nextElementSibling;
      if (spoken && spoken.hasAttribute("aria-live")) spoken.remove();
    });
    list.appendChild(slot);
    setUp(slot);
    renumber();
    slot.dispatchEvent(new CustomEvent("htmx:afterSettle", { bubbles: true }));
    textOf(slot).focus();
    say(form.getAttribute("data-added"), slots().length);
  }

  function move(slot, by, keepFocus) {
    var all = slots();
    var at = all.indexOf(slot);
    var to = at + by;
    if (to < 0 || to >= all.length) return;
    if (by < 0) list.insertBefore(slot, all[to]);
    else list.insertBefore(slot, all[to].nextSibling);
    renumber();
    if (keepFocus) keepFocus.focus();
    say(form.getAttribute("data-moved"), to + 1);
  }

  function remove(slot) {
    var all = slots();
    var at = all.indexOf(slot);
    if (all.length === 1) { add(); }
    slot.remove();
    renumber();
    var rest = slots();
    textOf(rest[Math.min(at, rest.length - 1)]).focus();
    say(form.getAttribute("data-removed"), "");
  }

  // --- Dragging by the handle (pointer), or moving it with the arrow keys -----------------

  var dragged = null;

  function setUp(slot) {
    var kind = slot.querySelector('select[name$="_kind"]');
    if (kind) kind.addEventListener("change", function () { toggleOptions(slot); });
    toggleOptions(slot);
    var handle = slot.querySelector("[data-handle]");
    if (!handle) return;
    handle.hidden = false;
    handle.setAttribute("role", "button");
    handle.tabIndex = 0;
    handle.addEventListener("keydown", function (event) {
      if (event.key === "ArrowUp" || event.key === "ArrowDown") {
        event.preventDefault();
        move(slot, event.key === "ArrowUp" ? -1 : 1, handle);
      }
    });
    handle.addEventListener("pointerdown", function (event) {
      dragged = slot;
      slot.classList.add("dragging");
      handle.setPointerCapture(event.pointerId);
      event.preventDefault();
    });
    handle.addEventListener("pointermove", function (event) {
      if (dragged !== slot) return;
      var over = document.elementFromPoint(event.clientX, event.clientY);
      var target = over && over.closest ? over.closest("[data-slot]") : null;
      if (!target || target === slot || target.parentNode !== list) return;
      var box = target.getBoundingClientRect();
      list.insertBefore(slot, event.clientY < box.top + box.height / 2 ? target : target.nextSibling);
    });
    function drop() {
      if (dragged !== slot) return;
      dragged = null;
      slot.classList.remove("dragging");
      renumber();
      say(form.getAttribute("data-moved"), slots().indexOf(slot) + 1);
    }
    handle.addEventListener("pointerup", drop);
    handle.addEventListener("pointercancel", drop);
  }

  form.addEventListener("click", function (event) {
    var button = event.target.closest ? event.target.closest("button[data-op]") : null;
    if (!button || !form.contains(button)) return;
    var op = button.getAttribute("data-op");
    var slot = button.closest("[data-slot]");
    event.preventDefault();
    if (op === "add") add();
    else if (op === "remove" && slot) remove(slot);
    else if (slot) {
      move(slot, op === "up" ? -1 : 1, null);
      // Stay on the button that was pressed, or its pair when it can go no further.
      var same = slot.querySelector('button[data-op="' + op + '"]');
      var other = slot.querySelector('button[data-op="' + (op === "up" ? "down" : "up") + '"]');
      (same && !same.disabled ? same : other).focus();
    }
  });

  slots().forEach(setUp);
  renumber();
})();
