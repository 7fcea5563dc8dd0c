-- The catalogue's search as the page runs it: a theme, within 10 km of Saint-Denis, free only (count + page).
SELECT COUNT(*) FROM (SELECT 1 FROM training_offer o WHERE o.format <> 'dedicated'
  AND EXISTS (SELECT 1 FROM training_offer_service s JOIN training_theme_mapping m ON m.vocabulary = s.vocabulary AND m.term = s.term
              WHERE s.offer_id = o.id AND m.theme IN ('DEVICE_BASICS'))
  AND o.latitude BETWEEN 48.8458 AND 49.0266 AND o.longitude BETWEEN 2.2206 AND 2.4942
  AND SQRT(((o.latitude - 48.9362) * 110.57) * ((o.latitude - 48.9362) * 110.57) + ((o.longitude - 2.3574) * 73.1) * ((o.longitude - 2.3574) * 73.1)) <= 10
  AND o.free_of_charge = TRUE LIMIT 10001) x;
SELECT o.id, o.name, SQRT(((o.latitude - 48.9362) * 110.57) * ((o.latitude - 48.9362) * 110.57) + ((o.longitude - 2.3574) * 73.1) * ((o.longitude - 2.3574) * 73.1)) AS d
FROM training_offer o WHERE o.format <> 'dedicated'
  AND EXISTS (SELECT 1 FROM training_offer_service s JOIN training_theme_mapping m ON m.vocabulary = s.vocabulary AND m.term = s.term
              WHERE s.offer_id = o.id AND m.theme IN ('DEVICE_BASICS'))
  AND o.latitude BETWEEN 48.8458 AND 49.0266 AND o.longitude BETWEEN 2.2206 AND 2.4942
  AND SQRT(((o.latitude - 48.9362) * 110.57) * ((o.latitude - 48.9362) * 110.57) + ((o.longitude - 2.3574) * 73.1) * ((o.longitude - 2.3574) * 73.1)) <= 10
  AND o.free_of_charge = TRUE ORDER BY d, o.name_key, o.id LIMIT 20;
