/* @mention suggestions, progressive enhancement (typing "@Ana Lopez" works without it).

   A form with `data-mentions="<url>"` gets, under its `body` textarea, a short list of the
   group's members whose name matches what follows an "@". The list is buttons: Down arrow
   from the textarea moves into it, Up/Down move between names, Enter or a tap inserts
   "@Full Name ", Escape goes back to the text. A polite status line says how many names
   were found. Words come from the form's data attributes, translated by the page. */
(function () {
  "use strict";

  var TRIGGER = /(^|\s)@([^\s@]{0,40}(?: [^\s@]{0,40})?)$/;

  function setUp(form) {
    var field = form.querySelector("textarea[name=body]");
    if (!field || form.dataset.mentionsReady) return;
    form.dataset.mentionsReady = "1";
    var url = form.dataset.mentions;
    var list = document.createElement("ul");
    list.className = "mention-list";
    list.id = field.id + "-mentions";
    list.hidden = true;
    list.setAttribute("aria-label", form.dataset.mentionsLabel || "");
    var status = document.createElement("p");
    status.className = "visually-hidden";
    status.setAttribute("role", "status");
    field.insertAdjacentElement("afterend", status);
    field.insertAdjacentElement("afterend", list);
    var timer = null;
    var asked = 0;
    var start = -1;

    function close() {
      list.hidden = true;
      list.textContent = "";
      start = -1;
    }

    function choose(name) {
      var caret = field.selectionStart;
      var before = field.value.slice(0, start);
      var after = field.value.slice(caret);
      var inserted = "@" + name + " ";
      field.value = before + inserted + after;
      field.focus();
      var at = before.length + inserted.length;
      field.setSelectionRange(at, at);
      field.dispatchEvent(new Event("input", { bubbles: true }));
      close();
      status.textContent = "";
    }

    function show(members) {
      list.textContent = "";
      members.forEach(function (member) {
        var item = document.createElement("li");
        var button = document.createElement("button");
        button.type = "button";
        button.textContent = member.name;
        button.addEventListener("click", function () { choose(member.name); });
        item.appendChild(button);
        list.appendChild(item);
      });
      list.hidden = members.length === 0;
      status.textContent = members.length
        ? (form.dataset.mentionsFound || "") + " " + members.length + ". " + (form.dataset.mentionsHint || "")
        : (form.dataset.mentionsNone || "");
    }

    function ask() {
      var text = field.value.slice(0, field.selectionStart);
      var match = TRIGGER.exec(text);
      if (!match) { close(); return; }
      start = text.length - match[2].length - 1;
      var mine = ++asked;
      fetch(url + "?q=" + encodeURIComponent(match[2]), {
        credentials: "same-origin",
        headers: { Accept: "application/json" },
      })
        .then(function (response) { return response.ok ? response.json() : { members: [] }; })
        .then(function (data) { if (mine === asked) show(data.members || []); })
        .catch(close);
    }

    field.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(ask, 150);
    });
    field.addEventListener("keydown", function (event) {
      if (list.hidden) return;
      if (event.key === "ArrowDown") {
        event.preventDefault();
        list.querySelector("button").focus();
      } else if (event.key === "Escape") {
        event.preventDefault();
        close();
      }
    });
    list.addEventListener("keydown", function (event) {
      var buttons = Array.prototype.slice.call(list.querySelectorAll("button"));
      var i = buttons.indexOf(document.activeElement);
      if (event.key === "ArrowDown" && i < buttons.length - 1) {
        event.preventDefault();
        buttons[i + 1].focus();
      } else if (event.key === "ArrowUp") {
        event.preventDefault();
        if (i > 0) buttons[i - 1].focus(); else field.focus();
      } else if (event.key === "Escape") {
        event.preventDefault();
        close();
        field.focus();
      }
    });
  }

  function setUpAll(root) {
    Array.prototype.forEach.call(root.querySelectorAll("form[data-mentions]"), setUp);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", function () { setUpAll(document); });
  } else {
    setUpAll(document);
  }
})();
