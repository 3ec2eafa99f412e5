"""Icons and the stylesheet shipped inside the wheel. Data only."""
