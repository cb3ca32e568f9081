"""The student's input for each question type (one module per type), built by the type's handler."""
