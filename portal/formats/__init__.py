"""The portal's date and time formats where Django's differ from how the language writes them
(``FORMAT_MODULE_PATH``); everything not named here is Django's."""
