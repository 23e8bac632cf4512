/* Fireside's editor, progressive enhancement, for a group's posts and a peer pair's messages
   (fireside/conversations/editor.py and fireside/mentoring/pair_editor.py do all of
   this without JavaScript, with the forms' own buttons).

   On a form marked `data-editor`, around its `body` textarea (which stays a plain textarea):
   1. Formatting buttons (from the page's <template data-editor-tools>): bold, italic, link,
      lists and quote put Markdown around the selection.
   2. Preview: the form's "Preview" button fetches the sanitised HTML from the server (the
      page's own rendering) and shows it above the form, kept up to date while they type.
   3. Drafts: a few seconds after typing stops, what is written is saved on the server
      (`data-draft-url`), so it is there on another device; posting deletes it there.
   4. Quote: a post's "Quote" link puts the words selected in that post into the reply, or,
      with nothing selected, opens the reply form with the whole post quoted (after saving
      what is already written). */
(function () {
  "use strict";

  var SAVE_AFTER_MS = 2500;
  var PREVIEW_AFTER_MS = 700;

  function post(form, url, fields, keepalive) {
    var data = new FormData();
    data.append("csrfmiddlewaretoken", form.querySelector("[name=csrfmiddlewaretoken]").value);
    Object.keys(fields).forEach(function (key) { data.append(key, fields[key]); });
    return fetch(url, {
      method: "POST", body: data, credentials: "same-origin", keepalive: !!keepalive,
      headers: { "X-Requested-With": "fetch" }
    });
  }

  function detail(response) {
    return response.json().then(function (json) { return json.detail || json.message || ""; }, function () { return ""; });
  }

  function changed(area) {
    area.dispatchEvent(new Event("input", { bubbles: true }));
  }

  function replaceSelection(area, text, selectFrom, selectTo) {
    var start = area.selectionStart;
    area.focus();
    area.setRangeText(text, start, area.selectionEnd, "end");
    if (selectFrom !== undefined) area.setSelectionRange(start + selectFrom, start + selectTo);
    changed(area);
  }

  function prefixLines(area, prefix) {
    var value = area.value;
    var start = value.lastIndexOf("\n", area.selectionStart - 1) + 1;
    var end = area.selectionEnd;
    area.setSelectionRange(start, end);
    var lines = value.slice(start, end).split("\n");
    var text = lines.map(function (line, i) { return prefix(i) + line; }).join("\n");
    replaceSelection(area, text);
  }

  var FORMATS = {
    bold: function (area, sel) { replaceSelection(area, "**" + sel + "**", 2, 2 + sel.length); },
    italic: function (area, sel) { replaceSelection(area, "_" + sel + "_", 1, 1 + sel.length); },
    link: function (area, sel, button) {
      var words = sel || button.dataset.placeholder;
      var text = "[" + words + "](https://)";
      // The address is selected, ready to be typed or pasted over.
      replaceSelection(area, text, words.length + 3, text.length - 1);
    },
    bullets: function (area) { prefixLines(area, function () { return "- "; }); },
    numbers: function (area) { prefixLines(area, function (i) { return (i + 1) + ". "; }); },
    quote: function (area) { prefixLines(area, function () { return "> "; }); }
  };

  function quoted(intro, text) {
    var lines = text.trim().split(/\r?\n/).map(function (line) { return ("> " + line).trimEnd(); });
    return intro + "\n" + lines.join("\n") + "\n\n";
  }

  function setUp(form) {
    var area = form.querySelector("textarea[name=body]");
    if (!area || form.dataset.editorReady) return;
    form.dataset.editorReady = "1";
    var title = form.querySelector("[name=title]");

    // 1. Formatting buttons.
    var tools = document.querySelector("template[data-editor-tools]");
    if (tools) {
      var bar = tools.content.firstElementChild.cloneNode(true);
      area.parentNode.insertBefore(bar, area);
      bar.addEventListener("click", function (event) {
        var button = event.target.closest("[data-format]");
        if (!button) return;
        var sel = area.value.slice(area.selectionStart, area.selectionEnd);
        FORMATS[button.dataset.format](area, sel, button);
      });
    }

    // 2. Preview.
    var preview = document.querySelector("[data-editor-preview]");
    var previewBody = preview && preview.querySelector("[data-editor-preview-body]");
    var previewTimer = null;
    function showPreview(focus) {
      post(form, form.dataset.previewUrl, { body: area.value }).then(function (response) {
        if (response.ok) return response.text().then(function (html) { previewBody.innerHTML = html; });
        return detail(response).then(function (text) { previewBody.textContent = text; });
      }).then(function () {
        preview.hidden = false;
        if (focus) {
          var heading = preview.querySelector("h2, h3");
          heading.setAttribute("tabindex", "-1");
          heading.focus();
        }
      });
    }
    var previewButton = form.querySelector("[data-editor-preview-button]");
    if (previewButton && preview && form.dataset.previewUrl) {
      previewButton.addEventListener("click", function (event) {
        event.preventDefault();
        showPreview(true);
      });
      area.addEventListener("input", function () {
        if (preview.hidden) return;
        clearTimeout(previewTimer);
        previewTimer = setTimeout(function () { showPreview(false); }, PREVIEW_AFTER_MS);
      });
    }

    // 3. Drafts.
    var draftUrl = form.dataset.draftUrl;
    var status = form.querySelector("[data-draft-status]");
    var discard = form.querySelector("[data-editor-discard]");
    var saveTimer = null;
    var dirty = false;
    var sending = false;
    function save(keepalive) {
      clearTimeout(saveTimer);
      if (!draftUrl || !dirty || sending) return Promise.resolve();
      dirty = false;
      var fields = { body: area.value };
      if (title) fields.title = title.value;
      return post(form, draftUrl, fields, keepalive).then(function (response) {
        if (response.ok) {
          return response.json().then(function (json) {
            if (status) status.textContent = json.message;
            if (discard) discard.hidden = !json.saved;
          });
        }
        return detail(response).then(function (text) { if (status) status.textContent = text; });
      }, function () { dirty = true; });
    }
    if (draftUrl) {
      var later = function () {
        dirty = true;
        clearTimeout(saveTimer);
        saveTimer = setTimeout(save, SAVE_AFTER_MS);
      };
      area.addEventListener("input", later);
      if (title) title.addEventListener("input", later);
      document.addEventListener("visibilitychange", function () {
        if (document.visibilityState === "hidden") save(true);
      });
    }
    form.addEventListener("submit", function (event) {
      var button = event.submitter;
      // Posting (or saving, discarding, previewing without this file): no save after it.
      if (!button || !button.hasAttribute("data-editor-preview-button")) {
        sending = true;
        clearTimeout(saveTimer);
      }
    });

    // 4. Quote.
    document.addEventListener("click", function (event) {
      var link = event.target.closest && event.target.closest("a[data-quote]");
      if (!link) return;
      var article = link.closest("article");
      var selection = window.getSelection();
      var text = selection && !selection.isCollapsed && article && article.contains(selection.anchorNode) && article.contains(selection.focusNode)
        ? selection.toString() : "";
      event.preventDefault();
      if (text.trim()) {
        var before = area.value && !/\n\n$/.test(area.value) ? (/\n$/.test(area.value) ? "\n" : "\n\n") : "";
        area.value += before + quoted(link.dataset.quoteIntro, text);
        area.focus();
        area.setSelectionRange(area.value.length, area.value.length);
        changed(area);
        return;
      }
      save(false).then(function () { window.location.href = link.href; });
    });
  }

  function setUpAll() {
    var forms = document.querySelectorAll("form[data-editor]");
    for (var i = 0; i < forms.length; i++) setUp(forms[i]);
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", setUpAll);
  else setUpAll();
})();
