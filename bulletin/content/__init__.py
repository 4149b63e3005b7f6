"""Reading and checking content files, and writing new ones: every problem as `path:line: field: message`."""
