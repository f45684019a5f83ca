// Progressive enhancement for every list of upcoming events (the events
// page, the home page, the footer, an event's next dates): a page is built at
// one moment and may be read months later. Each item carries the instant it
// is over (data-event-end); once that has passed, the events page moves it
// into the past list and the other lists drop it. Without this script each
// list says "As of <build date>" and is right as of the build.
(function () {
  "use strict";
  var now = Date.now();

  function ended(item) {
    var end = Date.parse(item.getAttribute("data-event-end"));
    return !isNaN(end) && end <= now;
  }

  function showNoneIfEmpty(container, list) {
    var none = container.querySelector(".events-none");
    if (none && !list.querySelector("[data-event-end]")) {
      none.hidden = false;
    }
  }

  function dropAsOf(container) {
    var note = container.querySelector(".events-as-of");
    if (note) {
      note.hidden = true;
    }
  }

  // The events page: move ended events to the top of the past list. Upcoming
  // is soonest first and past newest first, so moving them in order keeps
  // both sorted.
  var upcoming = document.querySelector('[data-events="upcoming"]');
  var past = document.querySelector('[data-events="past"] .event-list');
  if (upcoming && past) {
    var items = upcoming.querySelectorAll(".event-list > [data-event-end]");
    for (var i = 0; i < items.length; i++) {
      if (ended(items[i])) {
        past.insertBefore(items[i], past.firstChild);
        past.parentNode.hidden = false;
      }
    }
    showNoneIfEmpty(upcoming, upcoming.querySelector(".event-list"));
    dropAsOf(upcoming);
  }

  // The home page, the footer and an event's next dates: drop ended items.
  var lists = document.querySelectorAll(
    '[data-events="upcoming-short"], .event-dates'
  );
  for (var j = 0; j < lists.length; j++) {
    var entries = lists[j].querySelectorAll("[data-event-end]");
    for (var k = 0; k < entries.length; k++) {
      if (ended(entries[k])) {
        entries[k].parentNode.removeChild(entries[k]);
      }
    }
    showNoneIfEmpty(lists[j].parentNode, lists[j]);
    dropAsOf(lists[j].parentNode);
  }
})();
