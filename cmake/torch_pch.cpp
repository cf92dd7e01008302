// Anchor for the shared torch precompiled header (see cmake/EmoteDependencies.cmake).
