// Sorting and filtering of the index table; the table is complete and ordered by name without it.
(function () {
  "use strict";
  var table = document.getElementById("states");
  var body = table.tBodies[0];
  var rows = Array.prototype.slice.call(body.rows);
  var area = document.getElementById("f-area");
  var status = document.getElementById("f-status");
  var participation = document.getElementById("f-participation");
  var name = document.getElementById("f-name");
  var shown = document.getElementById("shown");

  function matches(row) {
    if (participation.value && row.getAttribute("data-participation") !== participation.value) {
      return false;
    }
    if (name.value && row.getAttribute("data-search").indexOf(name.value.trim().toLowerCase()) < 0) {
      return false;
    }
    if (!status.value) {
      return true;
    }
    return Array.prototype.some.call(row.cells, function (cell) {
      var inArea = cell.hasAttribute("data-area") && (!area.value || cell.getAttribute("data-area") === area.value);
      return inArea && cell.getAttribute("data-status") === status.value;
    });
  }

  function filter() {
    // Choosing an area also hides the other areas' columns, so the table reads as that area's.
    Array.prototype.forEach.call(table.querySelectorAll("[data-area]"), function (cell) {
      cell.hidden = Boolean(area.value) && cell.getAttribute("data-area") !== area.value;
    });
    var count = 0;
    rows.forEach(function (row) {
      row.hidden = !matches(row);
      count += row.hidden ? 0 : 1;
    });
    shown.textContent = count + " of " + rows.length + " States shown";
  }

  function key(row, index, numeric) {
    var value = row.cells[index].getAttribute("data-key");
    return numeric ? Number(value) : value;
  }

  function sort(header) {
    var index = header.cellIndex;
    var numeric = header.querySelector("button").getAttribute("data-sort") === "rank";
    var order = header.getAttribute("aria-sort") === "ascending" ? "descending" : "ascending";
    var sign = order === "ascending" ? 1 : -1;
    Array.prototype.forEach.call(table.tHead.rows[0].cells, function (th) { th.removeAttribute("aria-sort"); });
    header.setAttribute("aria-sort", order);
    rows.sort(function (a, b) {
      var x = key(a, index, numeric), y = key(b, index, numeric);
      var byKey = x < y ? -1 : x > y ? 1 : 0;
      // Ties keep the States in name order whatever the direction.
      return sign * byKey || (key(a, 0, false) < key(b, 0, false) ? -1 : 1);
    });
    rows.forEach(function (row) { body.appendChild(row); });
  }

  Array.prototype.forEach.call(table.tHead.querySelectorAll("button[data-sort]"), function (button) {
    button.addEventListener("click", function () { sort(button.parentNode); });
  });
  [area, status, participation].forEach(function (el) { el.addEventListener("change", filter); });
  name.addEventListener("input", filter);
  document.getElementById("filters").addEventListener("submit", function (event) { event.preventDefault(); });
  filter();
}());
