-- Search: meetings are found by their topic and the request's notes.
ALTER TABLE meetings ADD FULLTEXT KEY meetings_text (topic, notes);
