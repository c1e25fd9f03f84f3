# A mysqldump-style table: one finding suppressed, one suppression unused.
CREATE TABLE `users` (
  `id` int NOT NULL AUTO_INCREMENT, # dsqllint: ignore[auto-increment]
  `name` varchar(50) NOT NULL,
  PRIMARY KEY (`id`)
) ENGINE=InnoDB;
# dsqllint: ignore[DSQL401]
CREATE TABLE `plain` (`id` bigint NOT NULL PRIMARY KEY);
