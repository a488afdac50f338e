-- Demo meetings for Northwind Traders: a confirmed one next week, an open
-- request, and a held one with notes (one shared, one internal).
INSERT INTO meetings (client_id, requested_by, topic, notes, type, status,
    pref_start, start_at, duration_min, video_url, confirmed_by, sequence)
SELECT 1, u.id, 'Homepage copy review', 'Walk through the new homepage copy.',
    'video', 'confirmed', UTC_TIMESTAMP() + INTERVAL 6 DAY,
    DATE_FORMAT(UTC_TIMESTAMP() + INTERVAL 7 DAY, '%Y-%m-%d 14:00:00'), 45,
    'https://meet.example.com/northwind-copy', s.id, 1
FROM users u, users s WHERE u.email = 'ana@northwind.test'
    AND s.email = 'staff@demo.test';
INSERT INTO meeting_attendees (meeting_id, user_id)
SELECT m.id, u.id FROM meetings m, users u
WHERE m.topic = 'Homepage copy review'
    AND u.email IN ('ana@northwind.test', 'ben@northwind.test', 'staff@demo.test');

INSERT INTO meetings (client_id, requested_by, topic, type, status,
    pref_start, alt_start)
SELECT 1, u.id, 'Launch checklist', 'in_person', 'requested',
    DATE_FORMAT(UTC_TIMESTAMP() + INTERVAL 10 DAY, '%Y-%m-%d 10:00:00'),
    DATE_FORMAT(UTC_TIMESTAMP() + INTERVAL 11 DAY, '%Y-%m-%d 15:30:00')
FROM users u WHERE u.email = 'ben@northwind.test';
INSERT INTO meeting_attendees (meeting_id, user_id)
SELECT m.id, u.id FROM meetings m, users u
WHERE m.topic = 'Launch checklist' AND u.email = 'ben@northwind.test';

INSERT INTO meetings (client_id, requested_by, topic, type, status,
    pref_start, start_at, duration_min, location, confirmed_by, sequence)
SELECT 1, u.id, 'Kick-off workshop', 'in_person', 'held',
    UTC_TIMESTAMP() - INTERVAL 21 DAY,
    DATE_FORMAT(UTC_TIMESTAMP() - INTERVAL 20 DAY, '%Y-%m-%d 09:30:00'), 90,
    'Northwind office, 3rd floor', s.id, 1
FROM users u, users s WHERE u.email = 'ana@northwind.test'
    AND s.email = 'admin@demo.test';
INSERT INTO meeting_attendees (meeting_id, user_id)
SELECT m.id, u.id FROM meetings m, users u
WHERE m.topic = 'Kick-off workshop'
    AND u.email IN ('ana@northwind.test', 'admin@demo.test');
INSERT INTO meeting_notes (meeting_id, kind, body, visible, author_id)
SELECT m.id, 'decision', 'Launch target is the first week of the quarter; copy first, then design.', 1, s.id
FROM meetings m, users s WHERE m.topic = 'Kick-off workshop' AND s.email = 'admin@demo.test';
INSERT INTO meeting_notes (meeting_id, kind, body, visible, author_id)
SELECT m.id, 'note', 'Shared notes: personas agreed (buyer, partner, press). Next: sitemap draft.', 1, s.id
FROM meetings m, users s WHERE m.topic = 'Kick-off workshop' AND s.email = 'admin@demo.test';
INSERT INTO meeting_notes (meeting_id, kind, body, visible, author_id)
SELECT m.id, 'note', 'Internal: budget is tight, keep scope of phase 1 small.', 0, s.id
FROM meetings m, users s WHERE m.topic = 'Kick-off workshop' AND s.email = 'admin@demo.test';
