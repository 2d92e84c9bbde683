// Placeholder so the stage library exists before its first source lands.
