"""Smart-home devices on an MQTT broker, found through Home Assistant's discovery."""
