// Attachments (fireside/conversations/attachments.py): the files chosen for a post, listed
// under the file input, each with a button to take it off again before posting. Without
// this script the browser's own file input does the same job, minus the remove buttons.
(function () {
  "use strict";

  function enhance(input) {
    var list = document.createElement("ul");
    list.className = "attachment-chosen";
    list.setAttribute("aria-live", "polite");
    input.insertAdjacentElement("afterend", list);

    function drop(index) {
      var kept = new DataTransfer();
      Array.prototype.forEach.call(input.files, function (file, i) {
        if (i !== index) {
          kept.items.add(file);
        }
      });
      input.files = kept.files;
      show();
      input.focus();
    }

    function show() {
      list.textContent = "";
      Array.prototype.forEach.call(input.files, function (file, index) {
        var item = document.createElement("li");
        var name = document.createElement("span");
        name.textContent = file.name;
        var button = document.createElement("button");
        button.type = "button";
        button.className = "secondary";
        button.textContent = input.dataset.removeLabel;
        button.setAttribute("aria-label", input.dataset.removeLabel + " " + file.name);
        button.addEventListener("click", function () {
          drop(index);
        });
        item.append(name, button);
        list.append(item);
      });
    }

    input.addEventListener("change", show);
  }

  if (typeof DataTransfer === "undefined") {
    return;
  }
  document.querySelectorAll("input[type=file][data-attachments]").forEach(enhance);
})();
