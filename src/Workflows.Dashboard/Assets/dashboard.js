// Workflows dashboard: optional enhancements only. Every page works without this file.
(function () {
  "use strict";
  // Ask before destructive actions (terminate, remove).
  document.addEventListener("submit", function (event) {
    var form = event.target;
    var question = form && form.getAttribute && form.getAttribute("data-confirm");
    if (question && !window.confirm(question)) {
      event.preventDefault();
    }
  });
  // Open the history entry a link points at (#seq-N), so a shared link lands on the event.
  var match = /^#seq-(\d+)$/.exec(window.location.hash);
  if (match) {
    var item = document.querySelector('li[data-sequence="' + match[1] + '"] details');
    if (item) { item.open = true; item.scrollIntoView(); }
  }
})();
