// Quick exit (GOV.UK's "Exit this page" pattern). Without JavaScript the
// button is a plain link. With it: the page is blanked at once, the tab goes
// to QUICK_EXIT_URL with location.replace (Back does not return here), and
// pressing Shift three times in a row does the same from anywhere.
(() => {
  "use strict";
  const link = document.querySelector("[data-quick-exit]");
  if (!link) return;
  const status = document.createElement("span");
  status.className = "visually-hidden";
  status.setAttribute("role", "status");
  link.after(status);
  const hint = document.createElement("span");
  hint.className = "visually-hidden";
  hint.textContent = " (or press Shift three times)";
  link.append(hint);

  function leave(event) {
    if (event) event.preventDefault();
    document.body.hidden = true;
    document.title = "";
    window.location.replace(link.href);
  }

  let presses = 0;
  let timer = 0;
  function reset() {
    presses = 0;
    status.textContent = "";
  }
  link.addEventListener("click", leave);
  document.addEventListener("keydown", (event) => {
    if (event.key !== "Shift") {
      reset();
      return;
    }
    if (event.repeat) return;
    presses += 1;
    clearTimeout(timer);
    timer = setTimeout(reset, 2000);
    if (presses >= 3) {
      leave();
    } else {
      const left = 3 - presses;
      status.textContent = `Shift: press ${left} more time${left === 1 ? "" : "s"} to leave this site`;
    }
  });
})();
