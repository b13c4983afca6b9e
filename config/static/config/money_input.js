"use strict";
// Beside each money input, the currency of the select it depends on (data-currency-from: field names, looked up
// in the input's own inline row first, then in the main form), as staff change those selects. Only a hint: the
// server converts and validates in that same currency.
(function () {
  // The chosen currency's code, "" when nothing is chosen yet, null when no source is on the page (read-only).
  function chosenCurrency(input) {
    const rowPrefix = input.name.slice(0, input.name.lastIndexOf("-") + 1);
    let onPage = false;
    for (const source of input.dataset.currencyFrom.split(" ")) {
      const select = input.form.elements.namedItem(rowPrefix + source) || input.form.elements.namedItem(source);
      if (!select || select.tagName !== "SELECT") {
        continue;
      }
      onPage = true;
      const option = select.selectedOptions[0];
      if (option && option.dataset.currency) {
        return option.dataset.currency;
      }
    }
    return onPage ? "" : null;
  }

  function showCurrencies() {
    document.querySelectorAll("input[data-currency-from]").forEach(function (input) {
      const currency = chosenCurrency(input);
      const label = input.nextElementSibling;
      if (currency !== null && label && label.classList.contains("money-currency")) {
        label.textContent = currency;
      }
    });
  }

  document.addEventListener("change", function (event) {
    if (event.target.tagName === "SELECT") {
      showCurrencies();
    }
  });
  document.addEventListener("formset:added", showCurrencies);
  document.addEventListener("DOMContentLoaded", showCurrencies);
})();
