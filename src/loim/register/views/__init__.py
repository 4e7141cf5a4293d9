"""Views of the register, by concern: people (front pages), records (one opened record), transfer
(contact lists and import), setup (configuration and the art. 30 record), oversight (access log,
retention, counts)."""
