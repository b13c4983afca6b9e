'use strict';
// The draft order page: autocompletes that also send other fields of the page (the region, for a variant's price
// in it; the customer, for their addresses), country and shipping option lists limited to the chosen region, the
// live summary (priced by the server as Save would price it, refusals shown next to their fields), "billing same
// as shipping", a scroll to the first error, and "Mark as paid" that asks before leaving unsaved edits behind.
{
    const $ = django.jQuery;
    const SUMMARY_DELAY_MS = 400;

    function forwarded(element) {
        const values = {};
        for (const pair of (element.dataset.forward || '').split(',').filter(Boolean)) {
            const [param, fieldId] = pair.split(':');
            const field = document.getElementById(fieldId);
            values[param] = field ? field.value : '';
        }
        return values;
    }

    function startAutocompletes(root) {
        $(root).find('.draft-order-autocomplete').not('[name*=__prefix__]').each((index, element) => {
            $(element).select2({
                ajax: {
                    data: (params) => ({
                        term: params.term,
                        page: params.page,
                        app_label: element.dataset.appLabel,
                        model_name: element.dataset.modelName,
                        field_name: element.dataset.fieldName,
                        ...forwarded(element),
                    }),
                },
            });
        });
    }

    // On a change of region, a choice of another region is cleared; on load, what the server sent is kept.
    function limitToRegion(event) {
        const region = document.getElementById('id_region');
        if (!region) {
            return;
        }
        for (const option of document.querySelectorAll('option[data-region]')) {
            const elsewhere = option.dataset.region !== region.value;
            option.hidden = elsewhere;
            if (elsewhere && option.selected && event) {
                option.parentElement.value = '';
            }
        }
    }

    // --- billing same as shipping ------------------------------------------------------------------------------

    function showBillingFields() {
        const same = document.getElementById('id_billing_same_as_shipping');
        const billing = document.querySelector('fieldset.billing-address');
        if (same && billing) {
            billing.hidden = same.checked && !billing.querySelector('.errorlist');
        }
    }

    // --- errors ----------------------------------------------------------------------------------------------

    // Where an error about input `id` goes: above its widget (a select2 box and its buttons are one widget).
    function errorAnchor(id) {
        if (id === 'summary') {
            return null;
        }
        const element = document.getElementById(id) || document.getElementById(`${id}-group`);
        if (!element) {
            return null;
        }
        return element.closest('.related-widget-wrapper') || element;
    }

    function showLiveErrors(errors, shown) {
        for (const list of document.querySelectorAll('.live-errors')) {
            list.remove();
        }
        const summaryErrors = document.getElementById('summary-errors');
        for (const [id, messages] of Object.entries(errors)) {
            if (!shown(id)) {
                continue;
            }
            const list = document.createElement('ul');
            list.className = 'errorlist live-errors';
            list.dataset.for = id;
            for (const message of messages) {
                const item = document.createElement('li');
                item.textContent = message;
                list.append(item);
            }
            const anchor = errorAnchor(id);
            if (anchor) {
                anchor.before(list);
            } else if (summaryErrors) {
                summaryErrors.append(list);
            }
        }
    }

    function scrollToFirstError() {
        if (!document.querySelector('.errornote')) {
            return;
        }
        const first = document.querySelector('#content-main form .errorlist:not(.nonfield)')
            || document.querySelector('#content-main form .errorlist');
        if (!first) {
            return;
        }
        const details = first.closest('details');
        if (details) {
            details.open = true;
        }
        first.scrollIntoView({block: 'center'});
    }

    // --- the live summary ------------------------------------------------------------------------------------

    function startSummary(form) {
        const box = document.getElementById('draft-order-summary');
        const state = document.getElementById('summary-state');
        if (!box || !box.dataset.url) {
            return;
        }
        const touched = new Set();
        let timer = null;
        let inFlight = null;

        // An error is shown where staff have been, or where they typed something; an empty field they have not
        // reached yet only keeps the totals from showing.
        function shown(id) {
            if (id === 'summary' || id === 'items' || touched.has(id)) {
                return true;
            }
            const element = document.getElementById(id);
            return Boolean(element && element.value);
        }

        async function refresh() {
            if (inFlight) {
                inFlight.abort();
            }
            inFlight = new AbortController();
            const body = new FormData(form);
            state.textContent = 'Updating the totals…';
            let answer;
            try {
                const response = await fetch(box.dataset.url, {
                    method: 'POST',
                    body: body,
                    credentials: 'same-origin',
                    headers: {'X-CSRFToken': body.get('csrfmiddlewaretoken') || ''},
                    signal: inFlight.signal,
                });
                if (!response.ok) {
                    throw new Error(`HTTP ${response.status}`);
                }
                answer = await response.json();
            } catch (error) {
                if (error.name !== 'AbortError') {
                    state.textContent = 'The totals could not be updated; they will be when you save.';
                }
                return;
            }
            showLiveErrors(answer.errors, shown);
            if (answer.summary !== null) {
                box.innerHTML = answer.summary; // the server's own rendering of the invoice table
                box.classList.remove('stale');
                state.textContent = 'Updated as you typed: what Save would make.';
            } else {
                box.classList.add('stale');
                const hidden = Object.keys(answer.errors).filter((id) => !shown(id));
                state.textContent = hidden.length
                    ? 'Totals appear once the form is complete (region and a customer or an email).'
                    : 'These totals are out of date: see the errors shown.';
            }
            box.dataset.priced = answer.summary !== null ? 'yes' : 'no';
        }

        function later(event) {
            if (event && event.target && event.target.id) {
                touched.add(event.target.id);
                forgetServerErrors(event.target);
            }
            if (event && event.target && event.target.name === 'csrfmiddlewaretoken') {
                return;
            }
            clearTimeout(timer);
            timer = setTimeout(refresh, SUMMARY_DELAY_MS);
        }

        // jQuery's handler also hears select2's (jQuery-triggered) changes
        $(form).on('input change', later);
        document.addEventListener('formset:added', () => later(null));
        document.addEventListener('formset:removed', () => later(null));
        if (document.querySelector('.errornote')) {
            state.textContent = 'Not saved: the errors are shown next to their fields. Totals update as you fix them.';
        } else if (!box.innerHTML.trim()) {
            later(null);
        }
    }

    // The errors of the last save stay until staff change their field (or a field of their row): then the live
    // check speaks for it.
    function forgetServerErrors(element) {
        const place = element.closest('tr.form-row') || element.closest('.form-row');
        if (!place) {
            return;
        }
        const errorRow = place.previousElementSibling;
        if (errorRow && errorRow.classList.contains('row-form-errors')) {
            errorRow.remove();
        }
        for (const list of place.querySelectorAll('.errorlist:not(.live-errors)')) {
            list.remove();
        }
        place.classList.remove('errors');
    }

    // --- Mark as paid with unsaved edits -------------------------------------------------------------------------

    function formState(form) {
        const data = new FormData(form);
        data.delete('csrfmiddlewaretoken');
        return new URLSearchParams(data).toString();
    }

    function guardMarkPaid(form) {
        const link = document.querySelector('a.mark-paid-link');
        if (!link) {
            return;
        }
        const opened = formState(form);
        link.addEventListener('click', (event) => {
            if (formState(form) === opened) {
                return; // the confirmation page shows the total as saved, which is what this page shows
            }
            event.preventDefault();
            const save = window.confirm(
                'This page has changes that are not saved. Mark as paid pays the draft order as saved.\n\n' +
                'OK: save the changes, then confirm the new total before paying.\nCancel: keep editing.'
            );
            if (save) {
                document.getElementById('id__then_mark_paid').value = '1';
                form.requestSubmit(form.querySelector('input[name=_continue]'));
            }
        });
    }

    $(() => {
        const form = document.getElementById('draftorder_form');
        startAutocompletes(document);
        limitToRegion(null);
        $('#id_region').on('change', limitToRegion);
        showBillingFields();
        $('#id_billing_same_as_shipping').on('change', showBillingFields);
        if (form) {
            startSummary(form);
            guardMarkPaid(form);
        }
        scrollToFirstError();
    });

    document.addEventListener('formset:added', (event) => startAutocompletes(event.target));
}
