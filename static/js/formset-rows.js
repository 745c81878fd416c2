// "Add a row" under each table of the outcome report. Without JavaScript the page offers
// empty rows and a "Save and add more rows" button; with it, a row is added in place from the
// formset's empty form (<template id="PREFIX-empty-row">), and TOTAL_FORMS counts it.
(function () {
  document.querySelectorAll("[data-add-row]").forEach(function (button) {
    const prefix = button.dataset.addRow;
    const template = document.getElementById(prefix + "-empty-row");
    const total = document.getElementById("id_" + prefix + "-TOTAL_FORMS");
    const body = document.getElementById(prefix + "-rows");
    const max = parseInt(button.dataset.max, 10);
    if (!template || !total || !body) return;
    function refresh() {
      button.hidden = !isNaN(max) && parseInt(total.value, 10) >= max;
    }
    button.addEventListener("click", function () {
      const index = parseInt(total.value, 10);
      body.insertAdjacentHTML("beforeend", template.innerHTML.replace(/__prefix__/g, String(index)));
      total.value = String(index + 1);
      refresh();
      const first = body.lastElementChild.querySelector("input:not([type=hidden]), select");
      if (first) first.focus();
    });
    refresh();
  });
})();
