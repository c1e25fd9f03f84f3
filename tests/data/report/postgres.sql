-- A PostgreSQL migration: errors, and a jsonb column reported as info by dsqllint.toml.
CREATE TABLE orders (
  id          bigserial PRIMARY KEY,
  "100%, a:b" serial,
  details     jsonb
);
CREATE INDEX orders_details ON orders (id);
