"""Personal data: the patient-identifier screen every free text passes, the export of what is
held about a person, and how long attendance records are kept."""
