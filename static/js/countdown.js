// Live countdown for elements with data-countdown="<ISO datetime>"; the server renders the
// starting text, the server alone decides whether a submission is on time.
(function () {
  const lang = document.documentElement.lang || "ko";
  const units = lang.startsWith("ko")
    ? { d: "일", left: "남음" }
    : { d: lang.startsWith("en") ? " days" : "d", left: "left" };
  function pad(n) { return String(n).padStart(2, "0"); }
  function tick() {
    document.querySelectorAll("[data-countdown]").forEach(function (el) {
      const ms = new Date(el.dataset.countdown) - new Date();
      if (ms <= 0) { el.textContent = el.dataset.expired || ""; return; }
      const s = Math.floor(ms / 1000);
      const days = Math.floor(s / 86400);
      const hms = pad(Math.floor((s % 86400) / 3600)) + ":" + pad(Math.floor((s % 3600) / 60)) + ":" + pad(s % 60);
      el.textContent = (days ? days + units.d + " " : "") + hms + " " + units.left;
    });
  }
  tick();
  setInterval(tick, 1000);
})();
