"""Activities that can earn credit, and attendance at them."""
