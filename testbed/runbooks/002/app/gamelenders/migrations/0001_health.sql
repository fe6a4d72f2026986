CREATE TABLE health (id serial PRIMARY KEY, status text NOT NULL);
INSERT INTO health (status) VALUES ('db ok');
