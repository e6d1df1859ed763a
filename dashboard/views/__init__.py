"""The views layer: per page, the data the page shows (dataclasses and pure functions of the
state and the warehouse queries). No Dash components and no figures here."""
