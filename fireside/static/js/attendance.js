// The attendance sheet: a "Tick everyone" button that only ticks the boxes (nothing is
// saved until "Save who came"). Without JavaScript the button stays hidden; the
// "Everyone present" button above the sheet does the same and saves at once.
(function () {
  "use strict";
  var button = document.querySelector("[data-tick-all]");
  var sheet = document.querySelector(".attendance-sheet");
  if (!button || !sheet) return;
  button.hidden = false;
  button.addEventListener("click", function () {
    sheet.querySelectorAll('input[type="checkbox"][name^="present_"]').forEach(function (box) {
      box.checked = true;
    });
  });
})();
