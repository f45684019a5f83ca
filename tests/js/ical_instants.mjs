// Read .ics files with Mozilla's ical.js (the parser of the Thunderbird
// family) and print every occurrence's start and end as JSON lines, so the
// Python tests can compare them with zoneinfo and dateutil.
//
//     node tests/js/ical_instants.mjs a.ics b.ics ...
//
// Each file is read on its own, with only its own VTIMEZONEs registered: the
// way a calendar program reads a downloaded file. All-day events give their
// dates; timed events give UTC seconds.
import { readFileSync } from "node:fs";
import ICAL from "ical.js";

const LIMIT = 1000;

function moment(time) {
  return time.isDate ? `date:${time.toString()}` : time.toUnixTime();
}

for (const file of process.argv.slice(2)) {
  ICAL.TimezoneService.reset();
  const calendar = new ICAL.Component(ICAL.parse(readFileSync(file, "utf8")));
  for (const zone of calendar.getAllSubcomponents("vtimezone")) {
    ICAL.TimezoneService.register(new ICAL.Timezone(zone));
  }
  for (const component of calendar.getAllSubcomponents("vevent")) {
    const event = new ICAL.Event(component);
    const end = component.hasProperty("dtend");
    if (!event.isRecurring()) {
      // As a calendar shows it: DTSTART and DTEND as written.
      console.log(
        JSON.stringify({
          file,
          uid: event.uid,
          start: moment(event.startDate),
          end: end ? moment(event.endDate) : null,
        })
      );
      continue;
    }
    const iterator = event.iterator();
    for (let n = 0, next; n < LIMIT && (next = iterator.next()); n++) {
      const details = event.getOccurrenceDetails(next);
      console.log(
        JSON.stringify({
          file,
          uid: event.uid,
          start: moment(details.startDate),
          end: end ? moment(details.endDate) : null,
        })
      );
    }
  }
}
