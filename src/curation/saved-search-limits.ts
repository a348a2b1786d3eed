// How many searches a reader may save and how long a name may be: checked by the service, said
// by the forms.
export const MAX_SAVED_SEARCHES = 100;
export const MAX_NAME_LENGTH = 100;
