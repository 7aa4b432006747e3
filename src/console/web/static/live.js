// placeholder for the live dashboard
