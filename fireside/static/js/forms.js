/* Fireside forms, progressive enhancement (every form works without this file).

   1. Counters. A field with `data-limit` and a `[data-counter]` element after it shows
      "123 / 20,000" as the person types or pastes, warns near the limit and says how much
      is over. Nothing is ever cut (no `maxlength`: browsers silently cut a paste to fit).
      A form with a field over its limit is not sent: the text stays for the person to
      shorten. The server refuses it anyway, saying the same.
   2. Slow work. A form or link marked `data-busy` takes one click: the first one marks it
      busy ("Working… this can take a few seconds"), later ones are ignored until the page
      changes. The server also refuses to do the work twice. */
(function () {
  "use strict";

  var NEAR = 0.9; // warn from 90% of the limit

  function chars(text) {
    // Characters as the server counts them (code points, not UTF-16 halves): an emoji is one.
    var n = 0;
    for (var i = 0; i < text.length; i++) {
      var c = text.charCodeAt(i);
      if (c < 0xdc00 || c > 0xdfff || i === 0 || text.charCodeAt(i - 1) < 0xd800 || text.charCodeAt(i - 1) > 0xdbff) {
        n++;
      }
    }
    return n;
  }

  function lengthOf(field) {
    return chars(field.value.trim());
  }

  var numbers = new Intl.NumberFormat(document.documentElement.lang || undefined);

  function fill(template, values) {
    return template.replace(/%\((\w+)\)s/g, function (_m, key) {
      return values[key];
    });
  }

  function counterOf(field) {
    var id = (field.getAttribute("aria-describedby") || "").split(/\s+/).filter(function (x) {
      return /_limit$/.test(x);
    })[0];
    return id ? document.getElementById(id) : null;
  }

  function setUp(field) {
    var counter = counterOf(field);
    if (!counter || counter.dataset.ready) return;
    counter.dataset.ready = "1";
    var limit = parseInt(field.dataset.limit, 10);
    // The visible count changes on every key; the spoken one waits for a pause, so a
    // screen reader is not interrupted at each character.
    counter.setAttribute("aria-hidden", "true");
    var spoken = document.createElement("span");
    spoken.className = "visually-hidden";
    spoken.setAttribute("aria-live", "polite");
    counter.parentNode.insertBefore(spoken, counter.nextSibling);
    var timer = null;

    function update() {
      var n = lengthOf(field);
      var values = { count: numbers.format(n), limit: numbers.format(limit), over: numbers.format(n - limit) };
      var over = n > limit;
      counter.textContent = fill(over ? counter.dataset.over : counter.dataset.of, values);
      counter.classList.toggle("is-near", !over && n >= limit * NEAR);
      counter.classList.toggle("is-over", over);
      if (over) field.setAttribute("aria-invalid", "true");
      else if (!field.closest(".has-error")) field.removeAttribute("aria-invalid");
      clearTimeout(timer);
      timer = setTimeout(function () {
        spoken.textContent = over ? counter.textContent : fill(counter.dataset.spoken, values);
      }, 900);
    }

    field.addEventListener("input", update);
    update();
  }

  function overLimit(form) {
    var fields = form.querySelectorAll("[data-limit]");
    for (var i = 0; i < fields.length; i++) {
      if (lengthOf(fields[i]) > parseInt(fields[i].dataset.limit, 10)) return fields[i];
    }
    return null;
  }

  var WORKING_MS = 15000; // a download does not leave the page: the link wakes up again

  function statusOf(element) {
    // Inside a form, or named by a link's data-busy-status (a link holds no element).
    var id = element.tagName === "A" ? element.dataset.busyStatus : null;
    return id ? document.getElementById(id) : element.querySelector("[data-busy-status]");
  }

  function markBusy(element, button) {
    element.setAttribute("aria-busy", "true");
    element.dataset.working = "1";
    var status = statusOf(element);
    if (status) status.textContent = element.dataset.busy;
    if (button) {
      button.setAttribute("aria-disabled", "true");
      button.classList.add("is-working");
    }
  }

  function unmarkBusy(element) {
    element.removeAttribute("aria-busy");
    delete element.dataset.working;
    var status = statusOf(element);
    if (status) status.textContent = "";
    var buttons = element.querySelectorAll(".is-working");
    for (var i = 0; i < buttons.length; i++) {
      buttons[i].removeAttribute("aria-disabled");
      buttons[i].classList.remove("is-working");
    }
  }

  document.addEventListener("submit", function (event) {
    var form = event.target;
    var tooLong = overLimit(form);
    if (tooLong) {
      event.preventDefault();
      tooLong.focus();
      var counter = counterOf(tooLong);
      if (counter) counter.classList.add("is-over");
      return;
    }
    if (!form.hasAttribute("data-busy")) return;
    if (form.dataset.working) {
      event.preventDefault(); // a second click: the first one is already on its way
      return;
    }
    // Not `disabled`: a disabled button's name and value would not be sent.
    markBusy(form, event.submitter || form.querySelector("[type=submit]"));
  });

  document.addEventListener("click", function (event) {
    var link = event.target.closest && event.target.closest("a[data-busy]");
    if (!link) return;
    if (link.dataset.working) {
      event.preventDefault();
      return;
    }
    markBusy(link, link);
    setTimeout(function () { unmarkBusy(link); }, WORKING_MS);
  });

  // Back to a page kept in the browser's memory: nothing is on its way any more.
  window.addEventListener("pageshow", function () {
    var busy = document.querySelectorAll("[data-busy][aria-busy]");
    for (var i = 0; i < busy.length; i++) unmarkBusy(busy[i]);
  });

  function setUpAll(root) {
    var fields = (root || document).querySelectorAll("[data-limit]");
    for (var i = 0; i < fields.length; i++) setUp(fields[i]);
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", function () { setUpAll(); });
  else setUpAll();
  // Forms htmx swaps in get their counters too.
  document.addEventListener("htmx:afterSettle", function (event) { setUpAll(event.target); });
})();
