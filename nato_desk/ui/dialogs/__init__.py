"""Edit dialogs: each builds one domain Change and submits it through the editor."""
