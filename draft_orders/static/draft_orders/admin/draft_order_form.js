'use strict';
// The draft order page: autocompletes that also send other fields of the page (the region, for a variant's price
// in it; the customer, for their addresses), and country and shipping option lists limited to the chosen region.
{
    const $ = django.jQuery;

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

    $(() => {
        startAutocompletes(document);
        limitToRegion(null);
        $('#id_region').on('change', limitToRegion);
    });

    document.addEventListener('formset:added', (event) => startAutocompletes(event.target));
}
