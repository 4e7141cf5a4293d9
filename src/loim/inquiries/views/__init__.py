"""Pages of the inquiries app, one module per area: quick entry and correction (`entry`), the list
and its exports (`lists`), statistics and service gaps (`statistics`), spreadsheet imports
(`imports`) and the topic and referral vocabularies (`vocabulary`)."""
