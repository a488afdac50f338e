<?xml version="1.0" encoding="UTF-8"?>
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">
  <xsl:import href="messages-thread.xsl"/>
  <!-- One conversation for the team: internal notes shown as such, the
       note box and the contacts who may be added. -->
  <xsl:variable name="msg-staff" select="true()"/>
  <xsl:variable name="msg-pre" select="'/staff'"/>
</xsl:stylesheet>
