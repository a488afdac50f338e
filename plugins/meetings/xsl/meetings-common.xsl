<?xml version="1.0" encoding="UTF-8"?>
<!-- Templates the meetings pages share: a meeting's type, time and place. -->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">
  <xsl:template name="mt-type">
    <xsl:param name="t"/>
    <xsl:choose>
      <xsl:when test="$t = 'video'">Video</xsl:when>
      <xsl:when test="$t = 'in_person'">In person</xsl:when>
      <xsl:when test="$t = 'phone'">Phone</xsl:when>
    </xsl:choose>
  </xsl:template>
  <!-- The time that matters for the meeting's state. -->
  <xsl:template name="mt-when">
    <xsl:param name="m"/>
    <xsl:choose>
      <xsl:when test="$m/@start_at"><xsl:value-of select="$m/@start_at"/></xsl:when>
      <xsl:when test="$m/@proposed_start">Proposed: <xsl:value-of select="$m/@proposed_start"/></xsl:when>
      <xsl:otherwise>Requested: <xsl:value-of select="$m/@pref_start"/>
        <xsl:if test="$m/@alt_start"> (or <xsl:value-of select="$m/@alt_start"/>)</xsl:if>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>
  <xsl:template name="mt-rows">
    <xsl:param name="list"/>
    <xsl:param name="prefix"/>
    <table class="list">
      <thead><tr><th scope="col">Topic</th><th scope="col">When</th><th scope="col">Type</th><th scope="col">Status</th><th scope="col">Who</th></tr></thead>
      <tbody>
        <xsl:for-each select="$list/meeting">
          <tr>
            <td><a href="{$base}{$prefix}{id}"><xsl:value-of select="topic"/></a><xsl:call-template name="changed-mark"/>
              <xsl:if test="client and $prefix = '/staff/meetings/'"><br/><span class="small"><xsl:value-of select="client"/></span></xsl:if></td>
            <td><xsl:call-template name="mt-when"><xsl:with-param name="m" select="."/></xsl:call-template></td>
            <td><xsl:call-template name="mt-type"><xsl:with-param name="t" select="type"/></xsl:call-template></td>
            <td><xsl:call-template name="badge"><xsl:with-param name="status" select="status"/></xsl:call-template></td>
            <td><xsl:value-of select="attendees"/></td>
          </tr>
        </xsl:for-each>
      </tbody>
    </table>
  </xsl:template>
  <!-- Date and time fields for a preferred and an alternative slot. -->
  <xsl:template name="mt-slots">
    <xsl:call-template name="field">
      <xsl:with-param name="name">date</xsl:with-param>
      <xsl:with-param name="label">Preferred date</xsl:with-param>
      <xsl:with-param name="type">date</xsl:with-param>
      <xsl:with-param name="required" select="true()"/>
    </xsl:call-template>
    <xsl:call-template name="field">
      <xsl:with-param name="name">time</xsl:with-param>
      <xsl:with-param name="label">Preferred time</xsl:with-param>
      <xsl:with-param name="type">time</xsl:with-param>
      <xsl:with-param name="hint" select="concat('In ', /atrium/site/@timezone, ' time.')"/>
      <xsl:with-param name="required" select="true()"/>
    </xsl:call-template>
    <xsl:call-template name="field">
      <xsl:with-param name="name">alt_date</xsl:with-param>
      <xsl:with-param name="label">Alternative date</xsl:with-param>
      <xsl:with-param name="type">date</xsl:with-param>
    </xsl:call-template>
    <xsl:call-template name="field">
      <xsl:with-param name="name">alt_time</xsl:with-param>
      <xsl:with-param name="label">Alternative time</xsl:with-param>
      <xsl:with-param name="type">time</xsl:with-param>
    </xsl:call-template>
  </xsl:template>
</xsl:stylesheet>
