"""Password hashing at OWASP's recommended argon2id cost (19 MiB of memory, 2 passes, one
lane) instead of Django's heavier defaults, which cost about half a second of CPU per
log-in. The algorithm name stays "argon2", so hashes made with other parameters are
still checked by this hasher and rehashed on the next log-in (Django compares the
parameters in must_update)."""

from django.contrib.auth.hashers import Argon2PasswordHasher


class OwaspArgon2PasswordHasher(Argon2PasswordHasher):
    time_cost = 2
    memory_cost = 19_456  # KiB
    parallelism = 1
