/* Fireside: bring a group's current tab into view in the strip, which scrolls sideways on
   phones. Only an enhancement: without it the strip starts at its first tab. */
(function () {
  "use strict";
  function centre() {
    var current = document.querySelectorAll('.group-tabs a[aria-current="page"]');
    for (var i = 0; i < current.length; i++) {
      var link = current[i];
      var strip = link.closest("ul");
      if (strip && strip.scrollWidth > strip.clientWidth) {
        strip.scrollLeft = link.offsetLeft - (strip.clientWidth - link.offsetWidth) / 2;
      }
    }
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", centre);
  } else {
    centre();
  }
})();
