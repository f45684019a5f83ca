// Progressive enhancement for events/index.html: the page is built at one
// moment and may be read days later, so move events that have ended since
// into the past list. Without this script the page is still correct as of the
// build.
(function () {
  "use strict";
  var upcoming = document.querySelector('[data-events="upcoming"]');
  var past = document.querySelector('[data-events="past"] .event-list');
  if (!upcoming || !past) {
    return;
  }
  var now = Date.now();
  var items = upcoming.querySelectorAll(".event-list > [data-event-end]");
  // Upcoming is soonest first and past newest first, so moving the ended
  // events in order, each to the top of the past list, keeps both sorted.
  for (var i = 0; i < items.length; i++) {
    var end = Date.parse(items[i].getAttribute("data-event-end"));
    if (!isNaN(end) && end <= now) {
      past.insertBefore(items[i], past.firstChild);
      past.parentNode.hidden = false;
    }
  }
  var none = upcoming.querySelector(".events-none");
  if (none && !upcoming.querySelector(".event-list > [data-event-end]")) {
    none.hidden = false;
  }
})();
