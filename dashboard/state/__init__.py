"""The state layer: the one filter and page-parameter model.

Every value a callback receives from the URL, a store or a control is parsed and validated
here (unknown codes and values of the wrong type become a friendly note, never an error),
and URLs are written back from here. Imports only the warehouse (for the valid codes).
"""
