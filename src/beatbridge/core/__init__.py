"""Small pieces shared by every app; imports no app (see issue 15)."""
