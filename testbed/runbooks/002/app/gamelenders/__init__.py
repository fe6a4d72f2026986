"""GameLenders as runbook 002's test ships it: a WSGI page that reads a row from the database."""
